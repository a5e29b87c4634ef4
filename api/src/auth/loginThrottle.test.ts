import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryCounterStore } from '../rateLimit/memoryCounterStore.ts';
import { TooManyAttemptsError } from './authErrors.ts';
import { ACCOUNT_RULE, LoginThrottle, lockDurationMs, MAX_LOCK_MS } from './loginThrottle.ts';

describe('lockDurationMs', () => {
  it('does not lock below the threshold, then doubles from 30 s up to 15 min', () => {
    expect(lockDurationMs(4, ACCOUNT_RULE)).toBe(0);
    expect(lockDurationMs(5, ACCOUNT_RULE)).toBe(30_000);
    expect(lockDurationMs(6, ACCOUNT_RULE)).toBe(60_000);
    expect(lockDurationMs(7, ACCOUNT_RULE)).toBe(120_000);
    expect(lockDurationMs(100, ACCOUNT_RULE)).toBe(MAX_LOCK_MS);
  });

  it('property: never decreases with more failures and never passes the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        expect(lockDurationMs(n + 1, ACCOUNT_RULE)).toBeGreaterThanOrEqual(lockDurationMs(n, ACCOUNT_RULE));
        expect(lockDurationMs(n, ACCOUNT_RULE)).toBeLessThanOrEqual(MAX_LOCK_MS);
      }),
    );
  });
});

describe('LoginThrottle', () => {
  it('locks after the threshold, lets the lock expire, and doubles it on the next failure', async () => {
    let clock = 1_000_000;
    const counters = createMemoryCounterStore(() => clock);
    const throttle = new LoginThrottle(counters);
    for (let i = 0; i < 4; i++) await throttle.recordFailure('acct:a', ACCOUNT_RULE);
    await expect(throttle.assertAllowed(['acct:a'])).resolves.toBeUndefined();
    await throttle.recordFailure('acct:a', ACCOUNT_RULE);
    const first = await throttle.assertAllowed(['acct:a']).catch((e) => e);
    expect(first).toBeInstanceOf(TooManyAttemptsError);
    expect(first.headers['Retry-After']).toBe('30');
    clock += 30_001;
    await expect(throttle.assertAllowed(['acct:a'])).resolves.toBeUndefined();
    await throttle.recordFailure('acct:a', ACCOUNT_RULE);
    const second = await throttle.assertAllowed(['acct:a']).catch((e) => e);
    expect(second.headers['Retry-After']).toBe('60');
    await throttle.recordSuccess('acct:a');
    await expect(throttle.assertAllowed(['acct:a'])).resolves.toBeUndefined();
    await counters.close();
  });
});
