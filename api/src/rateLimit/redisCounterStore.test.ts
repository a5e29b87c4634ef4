import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../../../tests/support/testApp.ts';
import { counterStoreContract } from './counterStore.contract.ts';
import { createRedisCounterStore } from './redisCounterStore.ts';

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
}

counterStoreContract('redis', async () => {
  const redis = new Redis(inject('redisUrl'));
  const prefix = `${uniqueName('counters')}:`;
  const store = createRedisCounterStore(redis, prefix);
  return {
    store,
    async cleanup() {
      await store.close();
      await deleteByPrefix(redis, prefix);
      await redis.quit();
    },
  };
});

describe('redis counter store', () => {
  it('shares counts between two connections (two api nodes) and always sets an expiry', async () => {
    const prefix = `${uniqueName('shared')}:`;
    const nodeA = new Redis(inject('redisUrl'));
    const nodeB = new Redis(inject('redisUrl'));
    try {
      const a = createRedisCounterStore(nodeA, prefix);
      const b = createRedisCounterStore(nodeB, prefix);
      await a.hit('login:x', 60_000);
      expect((await b.hit('login:x', 60_000)).count).toBe(2);
      const keys = await nodeA.keys(`${prefix}*`);
      expect(keys).toHaveLength(1);
      const ttl = await nodeA.pttl(keys[0] ?? '');
      expect(ttl).toBeGreaterThan(0);
    } finally {
      await deleteByPrefix(nodeA, prefix);
      await Promise.all([nodeA.quit(), nodeB.quit()]);
    }
  });
});
