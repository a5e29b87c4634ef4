import { randomBytes } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { createMfaSecrets } from '../../auth/mfaSecrets.ts';
import { sealedKeyId } from '../../auth/secretEnvelope.ts';
import { totpCodeAt } from '../../auth/totp.ts';
import { resealMfaSecrets } from '../../domain/mfaSecretsResealer.ts';
import { keys } from '../../store/keys.ts';
import { buildUser, type TestUser } from '../auth/authTestKit.ts';

/** Any run of base32 long enough to be a TOTP secret (ours are 32 characters). */
const BASE32_SECRET = /[A-Z2-7]{26,}/;

describe('TOTP secrets at rest', () => {
  const oldKey = { id: 'old', key: randomBytes(32) };
  const newKey = { id: 'new', key: randomBytes(32) };
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    // A ring mid-rotation: `new` seals, `old` still opens.
    const ring = [newKey, oldKey].map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
    t = await buildTestApp({ now: () => clock, env: { MFA_ENCRYPTION_KEYS: ring } });
  });
  afterAll(() => t.close());

  const nextStep = () => {
    clock = (Math.floor(clock / 30_000) + 1) * 30_000 + 1_000;
  };
  /** The user item exactly as DynamoDB Local holds it, not through the repository. */
  const storedItem = async (userId: string) =>
    (await t.deps.ddb.send(new GetCommand({ TableName: t.deps.table, Key: keys.user(userId) }))).Item!;
  const setStoredSecret = (userId: string, value: string) =>
    t.deps.ddb.send(
      new UpdateCommand({
        TableName: t.deps.table,
        Key: keys.user(userId),
        UpdateExpression: 'SET mfa.totpSecret = :value',
        ExpressionAttributeValues: { ':value': value },
      }),
    );

  async function enrol(user: TestUser): Promise<string> {
    const setup = await t.request('POST', '/api/me/mfa/totp/setup', { token: user.accessToken });
    expect(setup.status).toBe(200);
    const pending = await storedItem(user.id);
    expect(pending.mfa.pendingTotpSecret).toMatch(/^enc:v1:new:/);
    expect(JSON.stringify(pending)).not.toContain(setup.body.secret);
    nextStep();
    const enable = await t.request('POST', '/api/me/mfa/totp/enable', {
      token: user.accessToken,
      body: { code: totpCodeAt(setup.body.secret, clock) },
    });
    expect(enable.status).toBe(200);
    return setup.body.secret;
  }

  async function signInWithTotp(user: TestUser, secret: string) {
    nextStep();
    const challenge = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      ip: user.ip,
    });
    expect(challenge.body.mfaRequired).toBe(true);
    return t.request('POST', '/api/auth/login/mfa', {
      body: { mfaToken: challenge.body.mfaToken, code: totpCodeAt(secret, clock) },
      ip: user.ip,
    });
  }

  it('keeps no base32 secret in the user item after enrolment, and sign-in with a TOTP code works', async () => {
    const user = await buildUser(t);
    const secret = await enrol(user);
    const item = await storedItem(user.id);
    expect(item.mfa.enabled).toBe(true);
    expect(item.mfa.totpSecret).toMatch(/^enc:v1:new:/);
    expect(JSON.stringify(item)).not.toContain(secret);
    expect(JSON.stringify(item)).not.toMatch(BASE32_SECRET);
    const signedIn = await signInWithTotp(user, secret);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.accessToken).toBeDefined();
  });

  it('accepts a legacy plain secret and a secret under the retired key, re-sealing each on use', async () => {
    const legacy = await buildUser(t);
    const legacySecret = await enrol(legacy);
    await setStoredSecret(legacy.id, legacySecret);
    expect((await signInWithTotp(legacy, legacySecret)).status).toBe(200);
    expect(sealedKeyId((await storedItem(legacy.id)).mfa.totpSecret)).toBe('new');

    const rotated = await buildUser(t);
    const rotatedSecret = await enrol(rotated);
    await setStoredSecret(rotated.id, createMfaSecrets([oldKey]).seal(rotated.id, rotatedSecret));
    expect((await signInWithTotp(rotated, rotatedSecret)).status).toBe(200);
    const item = await storedItem(rotated.id);
    expect(sealedKeyId(item.mfa.totpSecret)).toBe('new');
    expect(JSON.stringify(item)).not.toContain(rotatedSecret);
  });

  it('npm run mfa:encrypt seals secrets of users who do not sign in, and can be run again', async () => {
    const dormant = await buildUser(t);
    const dormantSecret = await enrol(dormant);
    await setStoredSecret(dormant.id, dormantSecret);
    const retired = await buildUser(t);
    const retiredSecret = await enrol(retired);
    await setStoredSecret(retired.id, createMfaSecrets([oldKey]).seal(retired.id, retiredSecret));

    const first = await resealMfaSecrets(t.deps);
    expect(first.resealed).toBeGreaterThanOrEqual(2);
    for (const [user, secret] of [
      [dormant, dormantSecret],
      [retired, retiredSecret],
    ] as const) {
      const item = await storedItem(user.id);
      expect(sealedKeyId(item.mfa.totpSecret)).toBe('new');
      expect(JSON.stringify(item)).not.toContain(secret);
      expect((await signInWithTotp(user, secret)).status).toBe(200);
    }
    expect((await resealMfaSecrets(t.deps)).resealed).toBe(0);
  });
});
