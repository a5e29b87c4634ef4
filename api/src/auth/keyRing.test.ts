import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { KeyRing } from './keyRing.ts';

describe('signing key rotation', () => {
  let t: TestApp;
  let clock = Date.now();
  const options = { issuer: 'galley', maxTokenTtlSeconds: 900, now: () => clock };
  beforeAll(async () => {
    t = await buildTestApp();
    clock = Date.now();
  });
  afterAll(() => t.close());

  it('keeps tokens signed with the previous key valid until they expire, then drops the key', async () => {
    const nodeA = await KeyRing.fromTable(t.deps.ddb, t.deps.table, options);
    const before = await nodeA.sign('access', { sub: 'u1' }, 900);
    const oldKid = nodeA.currentKid;

    const newKid = await nodeA.rotate();
    expect(newKid).not.toBe(oldKid);
    const after = await nodeA.sign('access', { sub: 'u1' }, 900);
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    expect(
      nodeA
        .jwks()
        .keys.map((k) => k.kid)
        .sort(),
    ).toEqual([oldKid, newKid].sort());
    await expect(nodeA.verify('access', before)).resolves.toMatchObject({ sub: 'u1' });

    // Well past the token lifetime and the reload grace, the next rotation forgets the first key.
    clock += 900_000 + 3 * 60_000;
    await nodeA.rotate();
    expect(nodeA.jwks().keys.map((k) => k.kid)).not.toContain(oldKid);
  });

  it('a node that has not reloaded yet accepts tokens signed by a key rotated in on another node', async () => {
    const nodeA = await KeyRing.fromTable(t.deps.ddb, t.deps.table, options);
    const nodeB = await KeyRing.fromTable(t.deps.ddb, t.deps.table, options);
    await nodeA.rotate();
    const token = await nodeA.sign('access', { sub: 'u2' }, 900);
    // nodeB loaded before the rotation; it reloads on the unknown key id instead of refusing the token.
    clock += 10_000;
    await expect(nodeB.verify('access', token)).resolves.toMatchObject({ sub: 'u2' });
  });

  it('refuses a token for another audience even with a valid signature', async () => {
    const ring = await KeyRing.fromTable(t.deps.ddb, t.deps.table, options);
    const mfaToken = await ring.sign('mfa', { sub: 'u3' }, 300);
    await expect(ring.verify('access', mfaToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
