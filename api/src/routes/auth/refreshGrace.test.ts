import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { REFRESH_GRACE_MS } from '../../auth/refreshGrace.ts';
import { buildUser, type TestUser } from './authTestKit.ts';

/**
 * A refresh whose answer never reached the browser (reload, closed tab, dropped connection after the
 * server committed) leaves the browser with the previous token. Within the grace window that token is
 * accepted once more; every other replay is still treated as theft.
 */
describe('refresh grace window: recovering a lost refresh answer', () => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  const refresh = (user: TestUser, refreshToken: string) =>
    t.request('POST', '/api/auth/refresh', { body: { refreshToken }, ip: user.ip });
  const me = (accessToken: string) => t.request('GET', '/api/me', { token: accessToken });

  /** The server rotated `user.refreshToken`, but the answer was lost: only the server saw the new pair. */
  async function loseOneRefreshAnswer(user: TestUser) {
    const lost = await refresh(user, user.refreshToken);
    expect(lost.status).toBe(200);
    return lost.body as { refreshToken: string; accessToken: string };
  }

  it('keeps the user signed in when the previous token comes back within the window', async () => {
    const user = await buildUser(t);
    await loseOneRefreshAnswer(user);
    clock += REFRESH_GRACE_MS - 1;
    const recovered = await refresh(user, user.refreshToken);
    expect(recovered.status).toBe(200);
    expect(recovered.body.refreshToken.split('.')[0]).toBe(user.refreshToken.split('.')[0]);
    expect((await me(recovered.body.accessToken)).status).toBe(200);
    // The family goes on: the recovered token rotates normally.
    const next = await refresh(user, recovered.body.refreshToken);
    expect(next.status).toBe(200);
    expect((await me(next.body.accessToken)).status).toBe(200);
  });

  it('retires the token whose answer was lost: presenting it afterwards is reuse', async () => {
    const user = await buildUser(t);
    const lost = await loseOneRefreshAnswer(user);
    const recovered = await refresh(user, user.refreshToken);
    expect(recovered.status).toBe(200);
    expect(recovered.body.refreshToken).not.toBe(lost.refreshToken);
    const late = await refresh(user, lost.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('refresh_token_reused');
    // Whoever held it was not the browser that recovered, so the whole family ends.
    expect((await refresh(user, recovered.body.refreshToken)).body.error.code).toBe('session_revoked');
    expect((await me(recovered.body.accessToken)).body.error.code).toBe('session_revoked');
  });

  it('accepts the previous token once only: the second time revokes the family', async () => {
    const user = await buildUser(t);
    await loseOneRefreshAnswer(user);
    const recovered = await refresh(user, user.refreshToken);
    expect(recovered.status).toBe(200);
    const again = await refresh(user, user.refreshToken);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('refresh_token_reused');
    expect((await refresh(user, recovered.body.refreshToken)).body.error.code).toBe('session_revoked');
    expect((await me(recovered.body.accessToken)).body.error.code).toBe('session_revoked');
    const { items } = await t.deps.audit.list({ action: 'auth.refresh.reuse_detected', limit: 50 });
    expect(items.some((e) => e.targetId === user.id)).toBe(true);
  });

  it('gives no grace to a token older than the previous one, even a moment after the rotation', async () => {
    const user = await buildUser(t);
    const first = await refresh(user, user.refreshToken);
    const second = await refresh(user, first.body.refreshToken);
    expect(second.status).toBe(200);
    const oldest = await refresh(user, user.refreshToken);
    expect(oldest.status).toBe(401);
    expect(oldest.body.error.code).toBe('refresh_token_reused');
    expect((await refresh(user, second.body.refreshToken)).body.error.code).toBe('session_revoked');
  });

  it('gives no grace once the window has passed', async () => {
    const user = await buildUser(t);
    const rotated = await loseOneRefreshAnswer(user);
    clock += REFRESH_GRACE_MS;
    const late = await refresh(user, user.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('refresh_token_reused');
    expect((await refresh(user, rotated.refreshToken)).body.error.code).toBe('session_revoked');
    expect((await me(rotated.accessToken)).body.error.code).toBe('session_revoked');
  });

  it('opens a new window with each ordinary rotation, for the token it replaced only', async () => {
    const user = await buildUser(t);
    await loseOneRefreshAnswer(user);
    const recovered = await refresh(user, user.refreshToken);
    const next = await refresh(user, recovered.body.refreshToken);
    expect(next.status).toBe(200);
    // `recovered` is now the previous token and gets its own single grace use…
    const again = await refresh(user, recovered.body.refreshToken);
    expect(again.status).toBe(200);
    // …while the token before it (already used up by the grace) stays reuse.
    const original = await refresh(user, user.refreshToken);
    expect(original.body.error.code).toBe('refresh_token_reused');
  });

  it('lets the browser holding the previous token sign out within the window', async () => {
    const user = await buildUser(t);
    const lost = await loseOneRefreshAnswer(user);
    const out = await t.request('POST', '/api/auth/logout', {
      body: { refreshToken: user.refreshToken },
      ip: user.ip,
    });
    expect(out.status).toBe(204);
    expect((await refresh(user, lost.refreshToken)).body.error.code).toBe('session_revoked');
    expect((await me(lost.accessToken)).body.error.code).toBe('session_revoked');
  });

  it('answers session_revoked, not reuse, for the previous token of a session signed out meanwhile', async () => {
    const user = await buildUser(t);
    const lost = await loseOneRefreshAnswer(user);
    const out = await t.request('POST', '/api/auth/logout', {
      body: { refreshToken: lost.refreshToken },
      ip: user.ip,
    });
    expect(out.status).toBe(204);
    const late = await refresh(user, user.refreshToken);
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('session_revoked');
  });
});
