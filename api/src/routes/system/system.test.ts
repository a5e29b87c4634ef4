import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';

const METRICS_TOKEN = randomBytes(32).toString('base64url');

describe('system routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { METRICS_TOKEN } });
  });
  afterAll(() => t.close());

  it('answers health and readiness against the real stack', async () => {
    expect((await t.request('GET', '/api/health')).body).toEqual({ status: 'ok' });
    const ready = await t.request('GET', '/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ dynamodb: { ok: true }, s3: { ok: true } });
  });

  it('publishes an ES256 JWKS with the current key id', async () => {
    const res = await t.request('GET', '/api/.well-known/jwks.json');
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      kid: t.deps.keys.currentKid,
    });
    expect(res.body.keys[0].d).toBeUndefined();
  });

  it('serves OpenAPI 3.1 and a readable reference page', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const page = await t.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Galley API');
  });

  it('exposes Prometheus metrics that count requests', async () => {
    await t.request('GET', '/api/health');
    const res = await t.request('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.body).toContain('galley_http_requests_total{method="GET",route="/api/health",status="200"}');
  });

  it('gives every response a request id and security headers', async () => {
    const res = await t.request('GET', '/api/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const fresh = await t.request('GET', '/api/health', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.request('GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
