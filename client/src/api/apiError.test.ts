import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorFromResponse, networkError } from './apiError.ts';

describe('apiErrorFromResponse', () => {
  it('reads code, message and field issues from the api error body', () => {
    const body = JSON.stringify({
      error: {
        code: 'validation_failed',
        message: 'email: Invalid email address',
        details: {
          issues: [
            { path: 'email', message: 'Invalid email address', code: 'invalid_format' },
            { path: 'profile.bio', message: 'Too long' },
          ],
        },
      },
    });
    const error = apiErrorFromResponse(400, body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('email: Invalid email address');
    expect(error.issues).toEqual([
      { path: 'email', message: 'Invalid email address', code: 'invalid_format' },
      { path: 'profile.bio', message: 'Too long' },
    ]);
    expect(error.fieldMessage('profile.bio')).toBe('Too long');
    expect(error.fieldMessage('password')).toBeUndefined();
  });

  it('keeps details that are not field issues and ignores malformed issue entries', () => {
    const body = JSON.stringify({
      error: {
        code: 'step_up_required',
        message: 'Confirm it is you to continue.',
        details: { maxAgeSeconds: 600, issues: [{ path: 3 }, 'nonsense', { path: 'x', message: 'ok' }] },
      },
    });
    const error = apiErrorFromResponse(403, body);
    expect(error.code).toBe('step_up_required');
    expect(error.details).toMatchObject({ maxAgeSeconds: 600 });
    expect(error.issues).toEqual([{ path: 'x', message: 'ok' }]);
  });

  it('reads Retry-After on rate limits', () => {
    const body = JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } });
    const error = apiErrorFromResponse(429, body, new Headers({ 'Retry-After': '42' }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(42);
  });

  it('turns a gateway page into a readable error without losing the status', () => {
    const error = apiErrorFromResponse(502, '<html>Bad Gateway</html>');
    expect(error.status).toBe(502);
    expect(error.code).toBe('unavailable');
    expect(error.issues).toEqual([]);
    const notJson = apiErrorFromResponse(404, '');
    expect(notJson.code).toBe('bad_response');
    expect(notJson.message).toContain('404');
  });

  it('marks network failures so screens can say "offline" rather than "error"', () => {
    const error = networkError(new TypeError('fetch failed'));
    expect(error.isNetworkError).toBe(true);
    expect(error.status).toBe(0);
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
