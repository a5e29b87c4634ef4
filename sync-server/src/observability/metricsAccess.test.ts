import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSyncServer } from '../server.ts';
import { startTestIssuer, startTestSyncServer, type TestIssuer } from '../testing/syncTestKit.ts';
import { mayReadMetrics } from './metricsAccess.ts';

const TOKEN = randomBytes(32).toString('base64url');

describe('who may read /metrics', () => {
  it('with a token: only the exact bearer token, wherever the request comes from', () => {
    expect(mayReadMetrics(TOKEN, `Bearer ${TOKEN}`, '10.0.3.7')).toBe(true);
    expect(mayReadMetrics(TOKEN, `bearer ${TOKEN}`, '10.0.3.7')).toBe(true);
    expect(mayReadMetrics(TOKEN, undefined, '127.0.0.1')).toBe(false);
    expect(mayReadMetrics(TOKEN, `Bearer ${TOKEN.slice(0, -1)}`, '127.0.0.1')).toBe(false);
    expect(mayReadMetrics(TOKEN, `Bearer ${TOKEN}x`, '127.0.0.1')).toBe(false);
    expect(mayReadMetrics(TOKEN, TOKEN, '127.0.0.1')).toBe(false);
    expect(mayReadMetrics(TOKEN, `Basic ${TOKEN}`, '127.0.0.1')).toBe(false);
  });

  it('without a token (development): loopback peers only', () => {
    for (const local of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(mayReadMetrics(undefined, undefined, local)).toBe(true);
    }
    for (const remote of ['10.0.3.7', '::ffff:10.0.3.7', '192.168.1.20', undefined]) {
      expect(mayReadMetrics(undefined, undefined, remote)).toBe(false);
    }
  });
});

describe('sync server /metrics with METRICS_TOKEN', () => {
  let issuer: TestIssuer;
  let server: RunningSyncServer;
  let base: string;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    server = await startTestSyncServer(issuer, { metricsToken: TOKEN });
    base = server.url.replace('ws://', 'http://').replace(/\/sync$/, '');
  });
  afterAll(async () => {
    await server.close();
    await issuer.close();
  });

  const scrape = (authorization?: string) =>
    fetch(`${base}/metrics`, authorization ? { headers: { authorization } } : {});

  it('answers 401 without a token or with a wrong one, even from loopback', async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    const wrong = await scrape(`Bearer ${randomBytes(32).toString('base64url')}`);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('galley_sync_connections');
  });

  it('serves the metrics to the scrape that carries the token', async () => {
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('galley_sync_connections');
  });

  it('keeps health and readiness open (load balancer probes carry no token)', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});
