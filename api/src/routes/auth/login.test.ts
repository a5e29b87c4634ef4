import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildUser, nextIp, uniqueEmail } from './authTestKit.ts';

async function auditActions(t: TestApp, action: string) {
  const { items } = await t.deps.audit.list({ action: action as never, limit: 100 });
  return items;
}

describe.each([
  ['memory counters', false],
  ['redis counters', true],
])('POST /api/auth/login (%s)', (_label, redis) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ redis });
  });
  afterAll(() => t.close());

  it('signs in with the right password and records the device', async () => {
    const user = await buildUser(t);
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      ip: user.ip,
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' },
    });
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
    const sessions = await t.request('GET', '/api/me/sessions', { token: res.body.accessToken });
    expect(sessions.body.items).toHaveLength(2);
    expect(sessions.body.items[0]).toMatchObject({ device: 'Firefox on Linux', ip: user.ip, current: true });
    const successes = await auditActions(t, 'auth.login.success');
    expect(successes.some((e) => e.actorId === user.id && e.ip === user.ip)).toBe(true);
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const user = await buildUser(t);
    const wrong = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: 'not-the-password-at-all' },
      ip: nextIp(),
    });
    const unknown = await t.request('POST', '/api/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'not-the-password-at-all' },
      ip: nextIp(),
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const failures = await auditActions(t, 'auth.login.failure');
    expect(failures.some((e) => e.targetId === user.id && e.outcome === 'failure')).toBe(true);
  });

  it('locks an account after 5 failures with 429 + Retry-After, even for the right password', async () => {
    const user = await buildUser(t);
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/auth/login', {
        body: { email: user.email, password: `wrong-password-${i}-x` },
        ip: nextIp(),
      });
      expect(res.status).toBe(401);
    }
    const locked = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: user.password },
      ip: nextIp(),
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_login_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect((await auditActions(t, 'auth.login.throttled')).some((e) => e.targetId === user.id)).toBe(true);
  });

  it('locks an IP that fails against many accounts, past its higher threshold', async () => {
    const ip = nextIp();
    for (let i = 0; i < 20; i++) {
      const res = await t.request('POST', '/api/auth/login', {
        body: { email: uniqueEmail('spray'), password: 'guessing-passwords-1' },
        ip,
      });
      expect(res.status).toBe(401);
    }
    const blocked = await t.request('POST', '/api/auth/login', {
      body: { email: uniqueEmail('spray'), password: 'guessing-passwords-1' },
      ip,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_login_attempts');
    expect(blocked.headers.get('retry-after')).toBeTruthy();
  });

  it("stops a revoked session's access token at once through the shared denylist", async () => {
    const user = await buildUser(t);
    expect((await t.request('GET', '/api/me', { token: user.accessToken })).status).toBe(200);
    const out = await t.request('POST', '/api/auth/logout', {
      body: { refreshToken: user.refreshToken },
      ip: user.ip,
    });
    expect(out.status).toBe(204);
    const me = await t.request('GET', '/api/me', { token: user.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('session_revoked');
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const user = await buildUser(t);
    const attempt = (password: string) =>
      t.request('POST', '/api/auth/login', { body: { email: user.email, password }, ip: nextIp() });
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong-password-${i}-y`)).status).toBe(401);
    expect((await attempt(user.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(`wrong-password-${i}-z`)).status).toBe(401);
    expect((await attempt(user.password)).status).toBe(200);
  });
});
