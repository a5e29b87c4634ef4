import {
  type AccessRevocation,
  AccessRevocationSchema,
  accessRevocationsChannel,
  recentAccessRevocationsKey,
} from '@galley/shared/sync/revocation';
import { Redis } from 'ioredis';
import type { AccessRevocations, RevocationListener } from './accessRevocations.ts';

export interface RedisAccessRevocationsOptions {
  url: string;
  /** REDIS_KEY_PREFIX: environments sharing a Redis never see each other's revocations. */
  prefix: string;
  /** Called with messages that fail the schema (a foreign or newer publisher); they are dropped. */
  onInvalid?: (raw: string) => void;
  /**
   * How long revocations are kept for nodes that start or reconnect later: at least the longest sync
   * token lifetime (SYNC_REVOCATION_MEMORY_SECONDS on the nodes). Default one hour.
   */
  keepMs?: number;
  now?: () => number;
}

/** More than any real hour of revocations (each logout is one); a bound, not a quota. */
const MAX_KEPT = 50_000;

/**
 * Revocations over one Redis pub/sub channel, and kept for `keepMs` in a sorted set beside it. Pub/sub
 * reaches the nodes connected at that moment; the sorted set reaches the rest: a node that starts (a
 * restart forgets what it had heard) and a node whose subscriber connection was down replay what it
 * holds, before the first subscribe resolves and again after every reconnect. Replays repeat what a
 * node may have heard already, which is harmless: remembering and closing are idempotent.
 *
 * The subscriber connection opens on the first subscribe, so a process that only publishes (the api)
 * holds one connection; ioredis re-subscribes after a reconnect.
 */
export function createRedisAccessRevocations(options: RedisAccessRevocationsOptions): AccessRevocations {
  const channel = accessRevocationsChannel(options.prefix);
  const recent = recentAccessRevocationsKey(options.prefix);
  const keepMs = options.keepMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 3, enableOfflineQueue: true });
  let subscriber: Redis | null = null;
  const listeners = new Set<RevocationListener>();
  // Reconnect attempts emit errors while Redis restarts; they are expected, not crashes.
  publisher.on('error', () => undefined);

  function parse(raw: string): AccessRevocation | null {
    let parsed: ReturnType<typeof AccessRevocationSchema.safeParse>;
    try {
      parsed = AccessRevocationSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = AccessRevocationSchema.safeParse(undefined);
    }
    if (parsed.success) return parsed.data;
    options.onInvalid?.(raw);
    return null;
  }

  /** What was published within `keepMs`, oldest first. */
  async function kept(): Promise<AccessRevocation[]> {
    const raws = await publisher.zrangebyscore(recent, now() - keepMs, '+inf');
    return raws.map(parse).filter((r): r is AccessRevocation => r !== null);
  }

  async function replay(to: Iterable<RevocationListener>): Promise<void> {
    const revocations = await kept();
    for (const listener of to) for (const revocation of revocations) listener({ ...revocation });
  }

  async function subscribed(): Promise<void> {
    if (subscriber) return;
    subscriber = new Redis(options.url, {
      autoResubscribe: true,
      maxRetriesPerRequest: null,
      // Names it in CLIENT LIST, for operators (and the reconnect test).
      connectionName: `${options.prefix}revocations`,
    });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, raw: string) => {
      const revocation = parse(raw);
      if (revocation) for (const listener of listeners) listener({ ...revocation });
    });
    const connection = subscriber;
    let connectedBefore = false;
    // 'ready' follows every (re)connect: after the first, what was published meanwhile is in the set.
    // Subscribing again (harmless) and replaying once it is confirmed leaves no gap between the two.
    connection.on('ready', () => {
      if (connectedBefore) {
        void connection
          .subscribe(channel)
          .then(() => replay(listeners))
          .catch(() => undefined);
      }
      connectedBefore = true;
    });
    await connection.subscribe(channel);
  }

  return {
    async publish(revocation) {
      const parsed = AccessRevocationSchema.parse(revocation);
      const raw = JSON.stringify(parsed);
      const results = await publisher
        .multi()
        .zadd(recent, parsed.at, raw)
        .zremrangebyscore(recent, '-inf', `(${now() - keepMs}`)
        .zremrangebyrank(recent, 0, -(MAX_KEPT + 1))
        .pexpire(recent, keepMs)
        .publish(channel, raw)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (!results || failed) throw failed ?? new Error('the revocation transaction was aborted');
    },
    async subscribe(listener) {
      listeners.add(listener);
      await subscribed();
      await replay([listener]);
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
