import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildUser, nextIp, tokenFromMail, waitForMail } from '../auth/authTestKit.ts';

describe('/api/me', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  it('returns the caller without secrets and refuses anonymous callers', async () => {
    const user = await buildUser(t);
    const me = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(Object.keys(me.body).sort()).toEqual(
      [
        'createdAt',
        'displayName',
        'email',
        'emailVerified',
        'id',
        'mfaEnabled',
        'preferences',
        'profile',
        'roles',
      ].sort(),
    );
    const anonymous = await t.request('GET', '/api/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
  });

  it('updates profile and preferences, canonicalising the locale', async () => {
    const user = await buildUser(t);
    const res = await t.request('PATCH', '/api/me', {
      token: user.accessToken,
      body: {
        displayName: 'Grace',
        profile: { locale: 'en-gb', timeZone: 'Europe/Berlin', bio: 'Writes compilers.' },
        preferences: { theme: 'dark' },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: 'Grace',
      profile: { locale: 'en-GB', timeZone: 'Europe/Berlin', bio: 'Writes compilers.', avatarUrl: null },
      preferences: { theme: 'dark', editorFont: 'serif' },
    });
    const utc = await t.request('PATCH', '/api/me', {
      token: user.accessToken,
      body: { profile: { timeZone: 'UTC' } },
    });
    expect(utc.body.profile).toMatchObject({ timeZone: 'UTC', locale: 'en-GB' });
  });

  it.each([
    [{ profile: { locale: 'not a locale!' } }, 'profile.locale'],
    [{ profile: { timeZone: 'Mars/Olympus_Mons' } }, 'profile.timeZone'],
    [{ preferences: { theme: 'neon' } }, 'preferences.theme'],
    [{ email: 'x@example.test' }, 'email'],
    [{ displayName: 42 }, 'displayName'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const user = await buildUser(t);
    const res = await t.request('PATCH', '/api/me', { token: user.accessToken, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe(field);
  });

  it('lists sessions with device, IP and which one is current, and revokes one at once', async () => {
    const user = await buildUser(t);
    const phoneIp = nextIp();
    const phone = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      ip: phoneIp,
      headers: {
        'user-agent':
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      },
    });
    const list = await t.request('GET', '/api/me/sessions', { token: user.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const phoneSession = list.body.items.find((s: { ip: string }) => s.ip === phoneIp);
    expect(phoneSession).toMatchObject({ device: 'Safari on iOS', current: false });
    expect(list.body.items.find((s: { current: boolean }) => s.current).ip).toBe(user.ip);

    const revoke = await t.request('DELETE', `/api/me/sessions/${phoneSession.id}`, {
      token: user.accessToken,
    });
    expect(revoke.status).toBe(204);
    const phoneMe = await t.request('GET', '/api/me', { token: phone.body.accessToken });
    expect(phoneMe.status).toBe(401);
    expect(phoneMe.body.error.code).toBe('session_revoked');
    const after = await t.request('GET', '/api/me/sessions', { token: user.accessToken });
    expect(after.body.items).toHaveLength(1);
    const { items } = await t.deps.audit.list({ action: 'session.revoked', limit: 50 });
    expect(items.some((e) => e.actorId === user.id && e.details.sessionId === phoneSession.id)).toBe(true);
  });

  it("answers 404 for another user's session and leaves it alone", async () => {
    const owner = await buildUser(t);
    const intruder = await buildUser(t);
    const sid = owner.refreshToken.split('.')[0];
    const res = await t.request('DELETE', `/api/me/sessions/${sid}`, { token: intruder.accessToken });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await t.request('GET', '/api/me', { token: owner.accessToken })).status).toBe(200);
  });

  it('resends the verification mail until the email is verified, then refuses', async () => {
    const user = await buildUser(t);
    await waitForMail(t, user.email, 'Confirm your email');
    const resend = await t.request('POST', '/api/me/verify-email/resend', { token: user.accessToken });
    expect(resend.status).toBe(202);
    const mails = await waitForMail(t, user.email, 'Confirm your email', 2);
    const verified = await t.request('POST', '/api/auth/verify-email', {
      body: { token: tokenFromMail(mails[0]!, '/verify-email') },
    });
    expect(verified.status).toBe(200);
    const again = await t.request('POST', '/api/me/verify-email/resend', { token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('email_already_verified');
  });

  it('refuses a verification link after 24 hours', async () => {
    const user = await buildUser(t);
    const [mail] = await waitForMail(t, user.email, 'Confirm your email');
    clock += 24 * 3_600_000 + 1_000;
    const res = await t.request('POST', '/api/auth/verify-email', {
      body: { token: tokenFromMail(mail!, '/verify-email') },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
  });

  it('steps up with the password for a fresh auth_time', async () => {
    const user = await buildUser(t);
    clock += 5_000;
    const wrong = await t.request('POST', '/api/auth/step-up', {
      token: user.accessToken,
      body: { password: 'definitely-wrong-pw' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const empty = await t.request('POST', '/api/auth/step-up', { token: user.accessToken, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe('password');
    const ok = await t.request('POST', '/api/auth/step-up', {
      token: user.accessToken,
      body: { password: user.password },
    });
    expect(ok.status).toBe(200);
    const claims = JSON.parse(Buffer.from(ok.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.auth_time).toBe(Math.floor(clock / 1000));
    const anonymous = await t.request('POST', '/api/auth/step-up', { body: { password: user.password } });
    expect(anonymous.status).toBe(401);
  });
});
