import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { type RunningServer, startServer } from '../../server.ts';

const TOKEN = randomBytes(32).toString('base64url');

describe('api /metrics with METRICS_TOKEN (as in production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('answers 401 without a token or with a wrong one', async () => {
    const none = await t.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await t.request('GET', '/metrics', { token: randomBytes(32).toString('base64url') });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('galley_http_requests_total');
    // A prefix of the right token is as wrong as any other.
    const prefix = await t.request('GET', '/metrics', { token: TOKEN.slice(0, 20) });
    expect(prefix.status).toBe(401);
  });

  it('serves the metrics to the scrape that carries the token', async () => {
    const res = await t.request('GET', '/metrics', { token: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toContain('galley_http_requests_total');
  });
});

describe('api /metrics without METRICS_TOKEN (development)', () => {
  let t: TestApp;
  let server: RunningServer;
  beforeAll(async () => {
    t = await buildTestApp({ env: { PORT: '0', HOST: '127.0.0.1' } });
    server = await startServer(t.deps);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('answers a peer on this machine', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('galley_http_requests_total');
  });

  it('refuses a request that is not from a local socket, whatever X-Forwarded-For claims', async () => {
    // TRUST_PROXY is on in tests: the header sets the client IP for rate limits, never metrics access.
    const res = await t.request('GET', '/metrics', { ip: '127.0.0.1' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});
