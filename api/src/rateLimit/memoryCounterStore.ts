import type { CounterStore } from './counterStore.ts';

interface Entry {
  count: number;
  expiresAt: number;
}

/** Single-node counters. Expired entries are swept periodically so memory stays bounded by live keys. */
export function createMemoryCounterStore(now: () => number = Date.now, maxKeys = 100_000): CounterStore {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  }, 30_000);
  sweep.unref();
  return {
    async hit(key, windowMs) {
      let entry = live(key);
      if (!entry) {
        // A flood of distinct keys (spoofed IPs) must not grow the map without bound: drop the oldest.
        if (entries.size >= maxKeys) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entry = { count: 0, expiresAt: now() + windowMs };
        entries.set(key, entry);
      }
      entry.count += 1;
      return { count: entry.count, resetInMs: entry.expiresAt - now() };
    },
    async peek(key) {
      const entry = live(key);
      return entry ? { count: entry.count, resetInMs: entry.expiresAt - now() } : { count: 0, resetInMs: 0 };
    },
    async reset(key) {
      entries.delete(key);
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}
