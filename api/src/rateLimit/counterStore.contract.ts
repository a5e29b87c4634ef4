import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterStore } from './counterStore.ts';

export interface CounterStoreHarness {
  store: CounterStore;
  /** Removes whatever the suite left behind (Redis keys) and closes connections. */
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keyCounter = 0;
const freshKey = (label: string) => `${label}:${Date.now().toString(36)}:${++keyCounter}`;

/**
 * What every CounterStore must do, run against each implementation (memory, Redis) so rate limits and
 * login throttling behave the same on one node and on many.
 */
export function counterStoreContract(name: string, open: () => Promise<CounterStoreHarness>): void {
  describe(`${name} counter store (contract)`, () => {
    let harness: CounterStoreHarness;
    let store: CounterStore;
    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });
    afterAll(() => harness.cleanup());

    it('counts hits within a window and reports when it resets', async () => {
      const key = freshKey('count');
      const counts = [];
      for (let i = 0; i < 3; i++) counts.push(await store.hit(key, 60_000));
      expect(counts.map((c) => c.count)).toEqual([1, 2, 3]);
      for (const c of counts) {
        expect(c.resetInMs).toBeGreaterThan(0);
        expect(c.resetInMs).toBeLessThanOrEqual(60_000);
      }
    });

    it('starts again once the window has passed', async () => {
      const key = freshKey('expiry');
      await store.hit(key, 150);
      await store.hit(key, 150);
      await sleep(400);
      expect((await store.peek(key)).count).toBe(0);
      expect((await store.hit(key, 150)).count).toBe(1);
    });

    it('keeps the window from the first hit: later hits do not extend it', async () => {
      const key = freshKey('fixed');
      // Window 400 ms from the first hit; a sliding implementation would keep it alive until ~650 ms.
      await store.hit(key, 400);
      await sleep(250);
      await store.hit(key, 400);
      await sleep(250);
      expect((await store.peek(key)).count).toBe(0);
    });

    it('peeks without counting, and reads an absent key as zero', async () => {
      const key = freshKey('peek');
      expect(await store.peek(key)).toEqual({ count: 0, resetInMs: 0 });
      await store.hit(key, 60_000);
      const first = await store.peek(key);
      const second = await store.peek(key);
      expect(first.count).toBe(1);
      expect(second.count).toBe(1);
      expect(second.resetInMs).toBeGreaterThan(0);
    });

    it('resets a key so the next hit counts from one', async () => {
      const key = freshKey('reset');
      for (let i = 0; i < 4; i++) await store.hit(key, 60_000);
      await store.reset(key);
      expect((await store.peek(key)).count).toBe(0);
      expect((await store.hit(key, 60_000)).count).toBe(1);
      await store.reset(freshKey('never-hit'));
    });

    it('keeps keys independent, including keys that differ only by encoding', async () => {
      const base = freshKey('indep');
      const names = [`${base}:a`, `${base}:b`, `${base}:a:b`, `${base}:a%3Ab`, `${base}:ä b/c`];
      for (const [index, key] of names.entries()) {
        for (let i = 0; i <= index; i++) await store.hit(key, 60_000);
      }
      for (const [index, key] of names.entries()) expect((await store.peek(key)).count).toBe(index + 1);
    });

    it('counts concurrent hits exactly, each getting its own count', async () => {
      const key = freshKey('concurrent');
      const results = await Promise.all(Array.from({ length: 50 }, () => store.hit(key, 60_000)));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect((await store.peek(key)).count).toBe(50);
    });
  });
}
