import { describe, expect, it } from 'vitest';
import { reconnectAdvice, SYNC_CLOSE_CODES, SyncCloseCode } from './closeCodes.ts';

describe('close codes', () => {
  it('describes every code, with reasons short enough for a close frame', () => {
    for (const code of Object.values(SyncCloseCode)) {
      expect(code).toBeGreaterThanOrEqual(4000);
      expect(Buffer.byteLength(SYNC_CLOSE_CODES[code].reason)).toBeLessThanOrEqual(123);
    }
  });

  it('tells the client to fetch a new token, retry, or stop', () => {
    expect(reconnectAdvice(SyncCloseCode.tokenExpired)).toBe('newToken');
    expect(reconnectAdvice(SyncCloseCode.shuttingDown)).toBe('retry');
    expect(reconnectAdvice(SyncCloseCode.forbidden)).toBe('never');
    expect(reconnectAdvice(1006)).toBe('retry');
  });
});
