import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { totpCodeAt } from '../../auth/totp.ts';
import { getUserById } from '../../store/usersRepo.ts';
import { buildUser, type TestUser } from '../auth/authTestKit.ts';

describe('TOTP multi-factor authentication', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  /** Moves to the start of a fresh 30-second TOTP step, so every test's codes are unambiguous. */
  const nextStep = () => {
    clock = (Math.floor(clock / 30_000) + 1) * 30_000 + 1_000;
  };

  async function enrol(user: TestUser) {
    const setup = await t.request('POST', '/api/me/mfa/totp/setup', { token: user.accessToken });
    expect(setup.status).toBe(200);
    nextStep();
    const enable = await t.request('POST', '/api/me/mfa/totp/enable', {
      token: user.accessToken,
      body: { code: totpCodeAt(setup.body.secret, clock) },
    });
    expect(enable.status).toBe(200);
    return { secret: setup.body.secret as string, recoveryCodes: enable.body.recoveryCodes as string[] };
  }

  const login = (user: TestUser) =>
    t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      ip: user.ip,
    });
  const loginMfa = (mfaToken: string, code: string, ip: string) =>
    t.request('POST', '/api/auth/login/mfa', { body: { mfaToken, code }, ip });

  it('sets up with a Galley otpauth URI and a PNG QR code, and stores no secret in the response user', async () => {
    const user = await buildUser(t);
    const setup = await t.request('POST', '/api/me/mfa/totp/setup', { token: user.accessToken });
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Galley:/);
    expect(setup.body.otpauthUri).toContain(encodeURIComponent(user.email));
    expect(setup.body.otpauthUri).toMatch(/algorithm=SHA1&digits=6&period=30/);
    expect(setup.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const stored = await getUserById(t.deps, user.id);
    expect(stored?.mfa.enabled).toBe(false);
    // Kept sealed (see mfaSecretsAtRest.test.ts), and it opens to the secret the user was shown.
    expect(stored?.mfa.pendingTotpSecret).not.toBe(setup.body.secret);
    expect(t.deps.mfaSecrets.open(user.id, stored!.mfa.pendingTotpSecret!)).toBe(setup.body.secret);
  });

  it('enables with a valid code, returns 10 recovery codes once, stores only their hashes', async () => {
    const user = await buildUser(t);
    const wrongFirst = await t.request('POST', '/api/me/mfa/totp/enable', {
      token: user.accessToken,
      body: { code: '000000' },
    });
    expect(wrongFirst.status).toBe(409);
    expect(wrongFirst.body.error.code).toBe('mfa_setup_required');
    const { recoveryCodes } = await enrol(user);
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const stored = await getUserById(t.deps, user.id);
    expect(stored?.mfa.enabled).toBe(true);
    expect(stored?.mfa.pendingTotpSecret).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);
    const me = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(me.body.mfaEnabled).toBe(true);
    expect(JSON.stringify(me.body)).not.toContain(stored!.mfa.totpSecret!);
    const again = await t.request('POST', '/api/me/mfa/totp/setup', { token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('mfa_already_enabled');
  });

  it('asks for a second factor at sign-in and never accepts the same TOTP code twice', async () => {
    const user = await buildUser(t);
    const { secret } = await enrol(user);
    const challenge = await login(user);
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    // The code used to enable is in the same step: already spent.
    const reused = await loginMfa(challenge.body.mfaToken, totpCodeAt(secret, clock), user.ip);
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('invalid_mfa_code');
    nextStep();
    const code = totpCodeAt(secret, clock);
    const ok = await loginMfa(challenge.body.mfaToken, code, user.ip);
    expect(ok.status).toBe(200);
    expect(decodeJwt(ok.body.accessToken)).toMatchObject({ amr: ['pwd', 'otp'], mfa: true });
    const replay = await loginMfa(challenge.body.mfaToken, code, user.ip);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('invalid_mfa_code');
  });

  it('accepts a code from the previous step (clock drift) but not two steps back', async () => {
    const user = await buildUser(t);
    const { secret } = await enrol(user);
    nextStep();
    nextStep();
    nextStep();
    const challenge = await login(user);
    const twoBack = await loginMfa(challenge.body.mfaToken, totpCodeAt(secret, clock - 60_000), user.ip);
    expect(twoBack.status).toBe(401);
    const oneBack = await loginMfa(challenge.body.mfaToken, totpCodeAt(secret, clock - 30_000), user.ip);
    expect(oneBack.status).toBe(200);
  });

  it('lets a recovery code sign in exactly once', async () => {
    const user = await buildUser(t);
    const { recoveryCodes } = await enrol(user);
    const challenge = await login(user);
    const first = await loginMfa(challenge.body.mfaToken, recoveryCodes[3]!, user.ip);
    expect(first.status).toBe(200);
    expect(decodeJwt(first.body.accessToken).amr).toEqual(['pwd', 'rec']);
    const second = await loginMfa(challenge.body.mfaToken, recoveryCodes[3]!, user.ip);
    expect(second.status).toBe(401);
    expect(second.body.error.code).toBe('invalid_mfa_code');
    expect((await getUserById(t.deps, user.id))?.mfa.recoveryCodeHashes).toHaveLength(9);
    const { items } = await t.deps.audit.list({ action: 'mfa.recovery_code_used', limit: 50 });
    expect(items.some((e) => e.actorId === user.id)).toBe(true);
  });

  it('throttles repeated wrong codes with 429 too_many_login_attempts', async () => {
    const user = await buildUser(t);
    const { secret } = await enrol(user);
    nextStep();
    const challenge = await login(user);
    for (let i = 0; i < 5; i++) {
      const res = await loginMfa(challenge.body.mfaToken, '111111', user.ip);
      expect(res.status).toBe(401);
    }
    // A correct, unspent code is refused during the lock.
    const blocked = await loginMfa(challenge.body.mfaToken, totpCodeAt(secret, clock), user.ip);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_login_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a forged or wrong-audience MFA token', async () => {
    const user = await buildUser(t);
    const res = await loginMfa(user.accessToken, '123456', user.ip);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });

  it('regenerates recovery codes only after a recent step-up; the old codes stop working', async () => {
    const user = await buildUser(t);
    const { secret, recoveryCodes } = await enrol(user);
    clock += 11 * 60_000;
    const stale = await t.request('POST', '/api/me/mfa/recovery-codes', { token: user.accessToken });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('step_up_required');

    const passwordOnly = await t.request('POST', '/api/auth/step-up', {
      token: user.accessToken,
      body: { password: user.password },
      ip: user.ip,
    });
    expect(passwordOnly.status).toBe(403);
    expect(passwordOnly.body.error.code).toBe('mfa_required');
    const wrongStep = await t.request('POST', '/api/auth/step-up', {
      token: user.accessToken,
      body: { code: '000000' },
      ip: user.ip,
    });
    expect(wrongStep.status).toBe(403);
    expect(wrongStep.body.error.code).toBe('invalid_mfa_code');
    nextStep();
    const stepUp = await t.request('POST', '/api/auth/step-up', {
      token: user.accessToken,
      body: { code: totpCodeAt(secret, clock) },
      ip: user.ip,
    });
    expect(stepUp.status).toBe(200);
    const claims = decodeJwt(stepUp.body.accessToken);
    expect(claims.auth_time).toBe(Math.floor(clock / 1000));
    expect(claims.amr).toEqual(['pwd', 'otp']);

    const fresh = await t.request('POST', '/api/me/mfa/recovery-codes', { token: stepUp.body.accessToken });
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(10);
    const challenge = await login(user);
    const old = await loginMfa(challenge.body.mfaToken, recoveryCodes[0]!, user.ip);
    expect(old.status).toBe(401);
    const renewed = await loginMfa(challenge.body.mfaToken, fresh.body.recoveryCodes[0], user.ip);
    expect(renewed.status).toBe(200);
  });

  it('disables MFA only with both the password and a valid code', async () => {
    const user = await buildUser(t);
    const { secret } = await enrol(user);
    nextStep();
    const wrongPassword = await t.request('POST', '/api/me/mfa/disable', {
      token: user.accessToken,
      body: { password: 'not-my-password-1', code: totpCodeAt(secret, clock) },
    });
    expect(wrongPassword.status).toBe(403);
    expect(wrongPassword.body.error.code).toBe('invalid_credentials');
    const wrongCode = await t.request('POST', '/api/me/mfa/disable', {
      token: user.accessToken,
      body: { password: user.password, code: '000000' },
    });
    expect(wrongCode.status).toBe(403);
    expect(wrongCode.body.error.code).toBe('invalid_mfa_code');
    const ok = await t.request('POST', '/api/me/mfa/disable', {
      token: user.accessToken,
      body: { password: user.password, code: totpCodeAt(secret, clock) },
    });
    expect(ok.status).toBe(204);
    const stored = await getUserById(t.deps, user.id);
    expect(stored?.mfa).toEqual({ enabled: false, recoveryCodeHashes: [] });
    const plain = await login(user);
    expect(plain.body.accessToken).toBeDefined();
    const { items } = await t.deps.audit.list({ action: 'mfa.disabled', limit: 50 });
    expect(items.filter((e) => e.actorId === user.id).map((e) => e.outcome)).toContain('success');
  });

  it('rejects MFA routes without a token', async () => {
    const res = await t.request('POST', '/api/me/mfa/totp/setup');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});
