import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from './concurrencyLimit.ts';

describe('concurrencyLimit', () => {
  it('runs at most the limit at once, every task in the end, in arrival order, failures included', async () => {
    const limited = concurrencyLimit(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        limited(async () => {
          started.push(i);
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running -= 1;
          if (i === 4) throw new Error('refused');
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[19]).toEqual({ status: 'fulfilled', value: 19 });
  });
});
