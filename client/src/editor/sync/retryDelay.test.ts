import { describe, expect, it } from 'vitest';
import { renewalDelay, retryDelay } from './retryDelay.ts';

describe('retryDelay', () => {
  it('grows exponentially within the jitter band and stops at the maximum', () => {
    expect(retryDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(retryDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(retryDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(retryDelay(40, 1000, 30_000, () => 1)).toBe(30_000);
  });
});

describe('renewalDelay', () => {
  it('renews a minute early for long tokens and early enough for short ones', () => {
    expect(renewalDelay(300_000, 0)).toBe(240_000);
    expect(renewalDelay(3_600_000, 0)).toBe(3_540_000);
    expect(renewalDelay(30_000, 0)).toBe(20_000);
    expect(renewalDelay(0, 10)).toBe(1000);
  });
});
