import { AccessRevocationSchema, accessRevocationsChannel } from '@galley/shared/sync/revocation';
import { Redis } from 'ioredis';
import type { AccessRevocations, RevocationListener } from './accessRevocations.ts';

export interface RedisAccessRevocationsOptions {
  url: string;
  /** REDIS_KEY_PREFIX: environments sharing a Redis never see each other's revocations. */
  prefix: string;
  /** Called with messages that fail the schema (a foreign or newer publisher); they are dropped. */
  onInvalid?: (raw: string) => void;
}

/**
 * Revocations over one Redis pub/sub channel. The subscriber connection opens on the first subscribe, so
 * a process that only publishes (the api) holds one connection; ioredis re-subscribes after a reconnect.
 */
export function createRedisAccessRevocations(options: RedisAccessRevocationsOptions): AccessRevocations {
  const channel = accessRevocationsChannel(options.prefix);
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
  let subscriber: Redis | null = null;
  const listeners = new Set<RevocationListener>();
  // Reconnect attempts emit errors while Redis restarts; they are expected, not crashes.
  publisher.on('error', () => undefined);

  async function subscribed(): Promise<void> {
    if (subscriber) return;
    subscriber = new Redis(options.url, { autoResubscribe: true, maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, raw: string) => {
      let parsed: ReturnType<typeof AccessRevocationSchema.safeParse>;
      try {
        parsed = AccessRevocationSchema.safeParse(JSON.parse(raw));
      } catch {
        parsed = AccessRevocationSchema.safeParse(undefined);
      }
      if (!parsed.success) return options.onInvalid?.(raw);
      for (const listener of listeners) listener({ ...parsed.data });
    });
    await subscriber.subscribe(channel);
  }

  return {
    async publish(revocation) {
      await publisher.publish(channel, JSON.stringify(AccessRevocationSchema.parse(revocation)));
    },
    async subscribe(listener) {
      listeners.add(listener);
      await subscribed();
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      listeners.clear();
      subscriber?.disconnect();
      publisher.disconnect();
    },
  };
}
