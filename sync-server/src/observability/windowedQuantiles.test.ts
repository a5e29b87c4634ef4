import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowedQuantiles } from './windowedQuantiles.ts';

/** The exact q-quantile by the same rank rule: the smallest value with at least ceil(q·n) values at or below it. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(q * sorted.length) - 1]!;
}

describe('WindowedQuantiles', () => {
  it('is within the bucket growth of the exact quantile', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-4, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.9, 0.99, 0.999, 1),
        (values, q) => {
          const quantiles = new WindowedQuantiles({ growth: 1.02 });
          for (const v of values) quantiles.observe(v);
          const exact = exactQuantile(values, q);
          const estimate = quantiles.quantile(q);
          expect(estimate).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
          expect(estimate).toBeLessThanOrEqual(exact * 1.02 * (1 + 1e-9));
        },
      ),
    );
  });

  it('forgets observations older than two windows, and counts every observation in its totals', () => {
    let now = 0;
    const quantiles = new WindowedQuantiles({ windowMs: 1000, now: () => now });
    for (let i = 0; i < 100; i++) quantiles.observe(10);
    now = 1500;
    quantiles.observe(0.01);
    // The first window is still the previous one: the 10 s observations dominate.
    expect(quantiles.quantile(0.5)).toBeGreaterThan(9);
    now = 2600;
    quantiles.observe(0.01);
    // Now only the 0.01 s observations are recent.
    expect(quantiles.quantile(0.99)).toBeLessThan(0.011);
    now = 10_000;
    expect(quantiles.quantile(0.5)).toBe(0);
    expect(quantiles.totals).toEqual({ count: 102, sum: 1000.02 });
  });

  it('clamps values outside its range to the ends instead of failing', () => {
    const quantiles = new WindowedQuantiles({ minSeconds: 1e-3, maxSeconds: 10 });
    quantiles.observe(0);
    quantiles.observe(-1);
    quantiles.observe(1e6);
    expect(quantiles.quantile(0.5)).toBe(1e-3);
    expect(quantiles.quantile(1)).toBeCloseTo(10, 0);
  });
});
