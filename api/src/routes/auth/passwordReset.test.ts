import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildUser, nextIp, type TestUser, tokenFromMail, uniqueEmail, waitForMail } from './authTestKit.ts';

describe('password reset and change', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  async function resetToken(user: TestUser, count = 1): Promise<string> {
    const res = await t.request('POST', '/api/auth/password-reset/request', {
      body: { email: user.email },
      ip: nextIp(),
    });
    expect(res.status).toBe(202);
    const mails = await waitForMail(t, user.email, 'Reset your Galley password', count);
    return tokenFromMail(mails[0]!, '/reset-password');
  }

  const confirm = (token: string, password: string) =>
    t.request('POST', '/api/auth/password-reset/confirm', { body: { token, password }, ip: nextIp() });
  const login = (email: string, password: string) =>
    t.request('POST', '/api/auth/login', { body: { email, password }, ip: nextIp() });

  it('answers 202 for unknown emails too, and sends them nothing', async () => {
    const email = uniqueEmail('ghost');
    const res = await t.request('POST', '/api/auth/password-reset/request', {
      body: { email },
      ip: nextIp(),
    });
    expect(res.status).toBe(202);
    expect(res.body).toBeUndefined();
    // A known address gets its mail; once it has, the unknown one's (if any) would have too.
    await resetToken(await buildUser(t));
    expect(await t.mailTo(email)).toEqual([]);
  });

  it('limits reset requests per IP with 429 rate_limited, so the endpoint cannot flood inboxes', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.request('POST', '/api/auth/password-reset/request', {
        body: { email: uniqueEmail('flood') },
        ip,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.error.code).toBe('rate_limited');
        expect(res.headers.get('retry-after')).toBeTruthy();
      }
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('resets the password with the mailed link, once, and signs out every session', async () => {
    const user = await buildUser(t);
    const token = await resetToken(user);
    expect((await waitForMail(t, user.email, 'Reset'))[0]!.text).toContain(
      `${t.deps.env.PUBLIC_URL}/reset-password?token=`,
    );
    const done = await confirm(token, 'a-brand-new-passphrase-9');
    expect(done.status).toBe(204);
    const me = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('session_revoked');
    const refresh = await t.request('POST', '/api/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(refresh.status).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'a-brand-new-passphrase-9')).status).toBe(200);
    const again = await confirm(token, 'yet-another-passphrase-7');
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_token');
    const { items } = await t.deps.audit.list({ action: 'auth.password.reset', limit: 50 });
    expect(items.some((e) => e.targetId === user.id)).toBe(true);
  });

  it('applies the password policy without spending the link', async () => {
    const user = await buildUser(t);
    const token = await resetToken(user);
    const weak = await confirm(token, 'qwerty123456');
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('weak_password');
    expect(weak.body.error.details.field).toBe('password');
    expect((await confirm(token, 'a-much-better-passphrase-3')).status).toBe(204);
  });

  it('lets only one of two concurrent uses of a link win', async () => {
    const user = await buildUser(t);
    const token = await resetToken(user);
    const results = await Promise.all([
      confirm(token, 'concurrent-passphrase-one-1'),
      confirm(token, 'concurrent-passphrase-two-2'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 401]);
  });

  it('refuses a link older than one hour with token_expired', async () => {
    const user = await buildUser(t);
    const token = await resetToken(user);
    clock += 3_601_000;
    const late = await confirm(token, 'too-late-passphrase-88');
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('token_expired');
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('changes the password with the current one, ending the other sessions but not this one', async () => {
    const user = await buildUser(t);
    const other = await login(user.email, user.password);
    expect(other.status).toBe(200);
    const wrong = await t.request('POST', '/api/me/password', {
      token: user.accessToken,
      body: { currentPassword: 'not-the-current-one-1', newPassword: 'changed-passphrase-44' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const weak = await t.request('POST', '/api/me/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('weak_password');
    expect(weak.body.error.details.issues[0].path).toBe('newPassword');
    const ok = await t.request('POST', '/api/me/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'changed-passphrase-44' },
    });
    expect(ok.status).toBe(204);
    expect((await t.request('GET', '/api/me', { token: user.accessToken })).status).toBe(200);
    const elsewhere = await t.request('GET', '/api/me', { token: other.body.accessToken });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error.code).toBe('session_revoked');
    expect((await login(user.email, 'changed-passphrase-44')).status).toBe(200);
  });
});
