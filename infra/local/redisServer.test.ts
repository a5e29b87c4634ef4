import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort } from './freePort.ts';
import { ensureRedis } from './redisServer.ts';

describe('ensureRedis', () => {
  it('starts a real redis-server when nothing answers, and stops it', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const redis = await ensureRedis(nobody);
    expect(redis.url).not.toBe(nobody);
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await redis.stop();
    const after = new Redis(redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  });
});
