import type { Redis } from 'ioredis';
import type { CounterStore } from './counterStore.ts';

/**
 * INCR and set the expiry on the first hit in one script, so a crash between the two can never leave a
 * counter that never expires (which would lock an account forever).
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

export function createRedisCounterStore(redis: Redis, prefix: string): CounterStore {
  const k = (key: string) => `${prefix}${encodeURIComponent(key)}`;
  return {
    async hit(key, windowMs) {
      const [count, ttl] = (await redis.eval(HIT_SCRIPT, 1, k(key), String(windowMs))) as [number, number];
      return { count, resetInMs: ttl };
    },
    async peek(key) {
      const [count, ttl] = await Promise.all([redis.get(k(key)), redis.pttl(k(key))]);
      return count ? { count: Number(count), resetInMs: Math.max(0, ttl) } : { count: 0, resetInMs: 0 };
    },
    async reset(key) {
      await redis.del(k(key));
    },
    // The connection belongs to AppDeps, which closes it.
    async close() {},
  };
}
