import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';

/** The request pipeline every route shares: CORS, body limits, JSON-only bodies, bearer parsing. */
describe('request pipeline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { CORS_ORIGINS: 'https://app.galley.example' } });
  });
  afterAll(() => t.close());

  it('answers CORS preflights only for allow-listed origins', async () => {
    const allowed = await t.request('OPTIONS', '/api/health', {
      headers: { origin: 'https://app.galley.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.galley.example');
    const other = await t.request('OPTIONS', '/api/health', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects a body over 1 MB with 413 payload_too_large', async () => {
    const res = await t.request('POST', '/api/health', {
      rawBody: `"${'x'.repeat(1024 * 1024 + 10)}"`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('rejects malformed JSON with 400 malformed_json', async () => {
    const res = await t.request('POST', '/api/health', {
      rawBody: '{"a":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('rejects a non-JSON body with 415', async () => {
    const res = await t.request('POST', '/api/health', {
      rawBody: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('rejects an Authorization header that is not a bearer token, even on public routes', async () => {
    const res = await t.request('GET', '/api/health', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });

  it('rejects a bearer token that is not a JWT we signed', async () => {
    const res = await t.request('GET', '/api/health', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });
});
