import { AccessClaimsSchema } from '@galley/shared/api/auth';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { KeyRing } from '../../auth/keyRing.ts';
import { REFRESH_GRACE_MS } from '../../auth/refreshGrace.ts';
import { sha256 } from '../../auth/secrets.ts';
import { getSession } from '../../store/sessionsRepo.ts';
import { buildUser } from './authTestKit.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens: access JWTs, rotating refresh tokens, logout', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string, ip?: string) =>
    t.request('POST', '/api/auth/refresh', { body: { refreshToken }, ...(ip ? { ip } : {}) });

  it('rotates the refresh token on every use and keeps roles and auth_time', async () => {
    const user = await buildUser(t);
    const first = await refresh(user.refreshToken, user.ip);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    expect(first.body.refreshToken.split('.')[0]).toBe(user.refreshToken.split('.')[0]);
    const claims = AccessClaimsSchema.parse(
      JSON.parse(Buffer.from(first.body.accessToken.split('.')[1], 'base64url').toString()),
    );
    expect(claims).toMatchObject({ sub: user.id, roles: ['author'], amr: ['pwd'], mfa: false });
    const second = await refresh(first.body.refreshToken, user.ip);
    expect(second.status).toBe(200);
    expect((await t.request('GET', '/api/me', { token: second.body.accessToken })).status).toBe(200);
  });

  it('treats a replayed refresh token as theft: the whole family is revoked, newest token included', async () => {
    const user = await buildUser(t);
    const rotated = await refresh(user.refreshToken, user.ip);
    expect(rotated.status).toBe(200);
    // Past the window in which a lost answer may be recovered with the previous token (refreshGrace.test.ts).
    clock += REFRESH_GRACE_MS;
    const replay = await refresh(user.refreshToken, user.ip);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('refresh_token_reused');
    const newest = await refresh(rotated.body.refreshToken, user.ip);
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe('session_revoked');
    const me = await t.request('GET', '/api/me', { token: rotated.body.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('session_revoked');
    const { items } = await t.deps.audit.list({ action: 'auth.refresh.reuse_detected', limit: 50 });
    expect(items.some((e) => e.targetId === user.id)).toBe(true);
  });

  it('judges concurrent refreshes with one token as if they came in turn: rotation, then grace, then reuse', async () => {
    const user = await buildUser(t);
    const [a, b] = await Promise.all([
      refresh(user.refreshToken, user.ip),
      refresh(user.refreshToken, user.ip),
    ]);
    // One rotated, the other took the grace path and retired the first one's token: both answered, one live.
    expect([a.status, b.status]).toEqual([200, 200]);
    const stored = await getSession(t.deps, user.refreshToken.split('.')[0]!);
    const live = [a, b].filter((r) => sha256(r.body.refreshToken) === stored!.tokenHash);
    const retired = [a, b].filter((r) => sha256(r.body.refreshToken) !== stored!.tokenHash);
    expect(live).toHaveLength(1);
    expect(retired).toHaveLength(1);
    const next = await refresh(live[0]!.body.refreshToken, user.ip);
    expect(next.status).toBe(200);
    const late = await refresh(retired[0]!.body.refreshToken, user.ip);
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('refresh_token_reused');
    expect((await refresh(next.body.refreshToken, user.ip)).body.error.code).toBe('session_revoked');
  });

  it('answers two of three concurrent refreshes with one token and treats the third as reuse', async () => {
    const user = await buildUser(t);
    const answers = await Promise.all([1, 2, 3].map(() => refresh(user.refreshToken, user.ip)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 401]);
    expect(answers.find((r) => r.status === 401)!.body.error.code).toBe('refresh_token_reused');
    for (const answer of answers.filter((r) => r.status === 200)) {
      expect((await refresh(answer.body.refreshToken, user.ip)).status).toBe(401);
      expect((await t.request('GET', '/api/me', { token: answer.body.accessToken })).status).toBe(401);
    }
  });

  it('refuses garbled and unknown refresh tokens with invalid_token and revokes nothing', async () => {
    const user = await buildUser(t);
    const [sid] = user.refreshToken.split('.');
    for (const token of [
      'garbage',
      `${sid}.${'A'.repeat(43)}`,
      `01ARZ3NDEKTSV4RRFFQ69G5FAV.${'B'.repeat(43)}`,
    ]) {
      const res = await refresh(token, user.ip);
      expect(res.status, token).toBe(401);
      expect(res.body.error.code).toBe('invalid_token');
    }
    expect((await getSession(t.deps, sid!))?.revokedAt).toBeUndefined();
    expect((await refresh(user.refreshToken, user.ip)).status).toBe(200);
  });

  it('does not accept an access token as a refresh token, nor an MFA token as an access token', async () => {
    const user = await buildUser(t);
    const asRefresh = await refresh(user.accessToken, user.ip);
    expect(asRefresh.status).toBe(401);
    expect(asRefresh.body.error.code).toBe('invalid_token');
    const mfaToken = await t.deps.keys.sign('mfa', { sub: user.id }, 300);
    const asAccess = await t.request('GET', '/api/me', { token: mfaToken });
    expect(asAccess.status).toBe(401);
    expect(asAccess.body.error.code).toBe('invalid_token');
  });

  it('refuses alg:none tokens and tokens signed by another key', async () => {
    const user = await buildUser(t);
    const [, payload] = user.accessToken.split('.');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const none = await t.request('GET', '/api/me', { token: unsigned });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('invalid_token');

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: t.deps.keys.currentKid };
    const foreign = await KeyRing.fromJwks([jwk], { issuer: t.deps.env.JWT_ISSUER, maxTokenTtlSeconds: 900 });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = await foreign.sign(
      'access',
      {
        sub: claims.sub,
        sid: claims.sid,
        roles: ['admin'],
        auth_time: claims.auth_time,
        amr: ['pwd'],
        mfa: true,
      },
      900,
    );
    const res = await t.request('GET', '/api/me', { token: forged });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });

  it('refuses an expired access token with token_expired', async () => {
    const user = await buildUser(t);
    clock += (t.deps.env.ACCESS_TOKEN_TTL_SECONDS + 5) * 1000;
    const res = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
    // The refresh token still works, which is how the client recovers.
    expect((await refresh(user.refreshToken, user.ip)).status).toBe(200);
  });

  it('expires the session itself after REFRESH_TOKEN_TTL_DAYS', async () => {
    const user = await buildUser(t);
    const session = await getSession(t.deps, user.refreshToken.split('.')[0]!);
    expect(session!.expiresAt).toBe(
      Math.floor(Date.parse(session!.createdAt) / 1000) + t.deps.env.REFRESH_TOKEN_TTL_DAYS * 86_400,
    );
    clock += (t.deps.env.REFRESH_TOKEN_TTL_DAYS * 86_400 + 1) * 1000;
    const res = await refresh(user.refreshToken, user.ip);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
  });

  it('logs out: the refresh token and live access tokens of that session stop at once', async () => {
    const user = await buildUser(t);
    const out = await t.request('POST', '/api/auth/logout', {
      body: { refreshToken: user.refreshToken },
      ip: user.ip,
    });
    expect(out.status).toBe(204);
    const me = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('session_revoked');
    expect((await refresh(user.refreshToken, user.ip)).body.error.code).toBe('session_revoked');
    const { items } = await t.deps.audit.list({ action: 'auth.logout', limit: 50 });
    expect(items.some((e) => e.actorId === user.id)).toBe(true);
  });

  it('refuses to log out with a token that is not the current one', async () => {
    const user = await buildUser(t);
    const res = await t.request('POST', '/api/auth/logout', {
      body: { refreshToken: `${user.refreshToken.split('.')[0]}.${'C'.repeat(43)}` },
      ip: user.ip,
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
    expect((await t.request('GET', '/api/me', { token: user.accessToken })).status).toBe(200);
  });
});
