import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { syncTokenDocs } from '@galley/shared/sync/syncToken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISSUER, startTestIssuer, type TestIssuer } from '../testing/syncTestKit.ts';
import { createTokenVerifier, type SyncTokenVerifier } from './tokenVerifier.ts';

describe('sync token verifier: the session claim', () => {
  let issuer: TestIssuer;
  let verify: SyncTokenVerifier;
  const claims = { sub: 'user-1', book: 'b1', access: 'edit', docs: syncTokenDocs('b1') };

  beforeAll(async () => {
    issuer = await startTestIssuer();
    verify = createTokenVerifier({ issuer: ISSUER, jwksUrl: issuer.jwksUrl });
  });
  afterAll(() => issuer.close());

  it('hands on the session that fetched the token', async () => {
    const verdict = await verify(await issuer.ring.sign('sync', { ...claims, sid: '01JSESSION' }, 300));
    expect(verdict.ok && verdict.token.claims.sid).toBe('01JSESSION');
  });

  it('still accepts tokens minted before tokens named their session, so a deploy keeps connections open', async () => {
    const verdict = await verify(await issuer.ring.sign('sync', claims, 300));
    expect(verdict.ok).toBe(true);
    expect(verdict.ok && verdict.token.claims).toEqual(claims);
  });

  it('refuses a token whose session claim is not a session id', async () => {
    for (const sid of ['', 42, 'x'.repeat(129)]) {
      const verdict = await verify(await issuer.ring.sign('sync', { ...claims, sid }, 300));
      expect(verdict).toEqual({ ok: false, code: SyncCloseCode.unauthenticated, reason: 'invalid_claims' });
    }
  });
});
