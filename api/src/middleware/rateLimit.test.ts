import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import type { AppEnv } from '../http/appEnv.ts';
import { authenticate } from './authenticate.ts';
import { handleError } from './errorHandler.ts';
import { type RateLimitRule, rateLimit } from './rateLimit.ts';
import { requestContext } from './requestContext.ts';

/**
 * The real middleware (context, bearer auth, rate limit, error handler) on a tiny app with tight
 * rules, so a limit is reached in a handful of requests; the counters are the app's own store.
 */
function limitedApp(t: TestApp, rule: Omit<RateLimitRule, 'name'>) {
  const app = new OpenAPIHono<AppEnv>();
  const name = `rl-test-${Math.random().toString(36).slice(2)}`;
  app.use('*', requestContext(t.deps));
  app.use('*', authenticate());
  app.use('/limited', rateLimit({ name, ...rule }));
  app.get('/limited', (c) => c.json({ ok: true }));
  app.onError(handleError);
  return async (options: { ip?: string; token?: string } = {}) => {
    const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? '198.51.100.1' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await app.request('/limited', { headers });
    return {
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as { error?: { code: string } },
    };
  };
}

for (const backend of ['memory', 'redis'] as const) {
  describe(`rate limit middleware (${backend})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp({ redis: backend === 'redis' });
    });
    afterAll(() => t.close());

    it('counts down in RateLimit headers, then answers 429 rate_limited with Retry-After', async () => {
      const send = limitedApp(t, { limit: 3, windowMs: 60_000, by: 'ip' });
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await send();
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBe('3');
        remaining.push(res.headers.get('ratelimit-remaining') ?? '');
        const reset = Number(res.headers.get('ratelimit-reset'));
        expect(reset).toBeGreaterThan(0);
        expect(reset).toBeLessThanOrEqual(60);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(limited.body.error?.code).toBe('rate_limited');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('limits each IP on its own', async () => {
      const send = limitedApp(t, { limit: 2, windowMs: 60_000, by: 'ip' });
      await send({ ip: '198.51.100.10' });
      await send({ ip: '198.51.100.10' });
      expect((await send({ ip: '198.51.100.10' })).status).toBe(429);
      expect((await send({ ip: '198.51.100.11' })).status).toBe(200);
    });

    it('limits a signed-in user across IPs, without touching other users', async () => {
      const send = limitedApp(t, { limit: 2, windowMs: 60_000, by: 'user' });
      const alice = await signedInUser(t);
      const bob = await signedInUser(t);
      expect((await send({ token: alice.token, ip: '192.0.2.1' })).status).toBe(200);
      expect((await send({ token: alice.token, ip: '192.0.2.2' })).status).toBe(200);
      const limited = await send({ token: alice.token, ip: '192.0.2.3' });
      expect(limited.status).toBe(429);
      expect(limited.body.error?.code).toBe('rate_limited');
      expect((await send({ token: bob.token, ip: '192.0.2.3' })).status).toBe(200);
    });

    it('with ip+user, a user cannot dodge the limit by switching IPs nor an IP by switching users', async () => {
      const send = limitedApp(t, { limit: 2, windowMs: 60_000, by: 'ip+user' });
      const carol = await signedInUser(t);
      const dave = await signedInUser(t);
      await send({ token: carol.token, ip: '192.0.2.20' });
      await send({ token: carol.token, ip: '192.0.2.21' });
      expect((await send({ token: carol.token, ip: '192.0.2.22' })).status).toBe(429);
      await send({ token: dave.token, ip: '192.0.2.30' });
      await send({ ip: '192.0.2.30' });
      expect((await send({ ip: '192.0.2.30' })).status).toBe(429);
    });

    it('lets requests through again once the window has passed', async () => {
      const send = limitedApp(t, { limit: 1, windowMs: 200, by: 'ip' });
      expect((await send({ ip: '192.0.2.40' })).status).toBe(200);
      expect((await send({ ip: '192.0.2.40' })).status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await send({ ip: '192.0.2.40' })).status).toBe(200);
    });
  });
}

describe('rate limit on the whole api (redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ redis: true });
  });
  afterAll(() => t.close());

  it('applies the broad per-IP ceiling to every /api route, counted in Redis', async () => {
    const ip = '203.0.113.200';
    const first = await t.request('GET', '/api/health', { ip });
    const limit = Number(first.headers.get('ratelimit-limit'));
    expect(limit).toBeGreaterThan(0);
    for (let i = 1; i < limit; i++) await t.request('GET', '/api/health', { ip });
    const over = await t.request('GET', '/api/health', { ip });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('rate_limited');
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await t.request('GET', '/api/health', { ip: '203.0.113.201' })).status).toBe(200);
  });
});
