import { describe, expect, it } from 'vitest';
import { counterStoreContract } from './counterStore.contract.ts';
import { createMemoryCounterStore } from './memoryCounterStore.ts';

counterStoreContract('memory', async () => {
  const store = createMemoryCounterStore();
  return { store, cleanup: () => store.close() };
});

describe('memory counter store', () => {
  it('stays bounded under a flood of distinct keys by dropping the oldest', async () => {
    const store = createMemoryCounterStore(Date.now, 3);
    for (const key of ['a', 'b', 'c', 'd']) await store.hit(key, 60_000);
    expect((await store.peek('a')).count).toBe(0);
    expect((await store.peek('d')).count).toBe(1);
    await store.close();
  });
});
