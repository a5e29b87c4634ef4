import { hostname } from 'node:os';
import { type DomainEvent, DomainEventSchema } from '@galley/shared/events/domainEvents';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConsumerLedger } from './consumerLedger.ts';
import {
  assertConsumerName,
  type EventBus,
  STOP_GRACE_MS,
  type Subscription,
  settleWithin,
} from './eventBus.ts';
import { type DeliveryContext, deliverEvent } from './eventDelivery.ts';

export interface RedisBusOptions {
  /** The api's connection (publishing, acks); each subscription opens its own for blocking reads. */
  redis: Redis;
  /** Every key of the bus starts with it (`<REDIS_KEY_PREFIX>events:`), so tests never share streams. */
  prefix: string;
  ledger: ConsumerLedger;
  log: Logger;
  metrics?: Metrics | undefined;
  /** How long one XREADGROUP waits for new events. */
  blockMs?: number;
  /** An event delivered this long ago and not acknowledged belongs to a dead or stuck node: take it over. */
  reclaimIdleMs?: number;
  reclaimEveryMs?: number;
  /** The stream is trimmed (approximately) to this many events; consumer groups far behind lose the rest. */
  maxLength?: number;
  /**
   * Streams (and their consumer groups) disappear after this long without a publication. A bus idle
   * for a week has nothing in flight worth keeping, and test runs, each with its own prefix, leave no
   * streams behind for good. A group that disappeared is made again on the next subscribe.
   */
  idleExpiryMs?: number;
}

type StreamEntry = [id: string, fields: string[]];
type ReadReply = [stream: string, entries: StreamEntry[]][] | null;
type PendingReply = [id: string, consumer: string, idleMs: number, deliveries: number][];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bus across nodes: Redis Streams. Every event is one entry of `<prefix>stream`; each consumer
 * name is a consumer group, so an event reaches each consumer once whichever node reads it, and
 * nodes of the same consumer share the work. An entry is acknowledged (XACK) only after the consumer
 * handled or parked it, so a node dying mid-event leaves it pending, and another node takes it over
 * once it has been idle for `reclaimIdleMs` (XPENDING + XCLAIM, counting the deliveries that never
 * finished). Replays of dead letters go to a stream of the consumer's own (`<prefix>replay:<name>`),
 * read by the same group.
 *
 * New groups start at the beginning of the stream (not at `$`): a consumer that subscribes after an
 * event was published still gets it. A consumer added to a running system therefore first sees what
 * the stream still holds (up to `maxLength`), which an idempotent consumer tolerates.
 */
export function createRedisEventBus(options: RedisBusOptions): EventBus {
  const { redis, prefix } = options;
  const stream = `${prefix}stream`;
  const replayStream = (consumer: string) => `${prefix}replay:${consumer}`;
  const maxLength = options.maxLength ?? 100_000;
  const idleExpiryMs = options.idleExpiryMs ?? 7 * 24 * 60 * 60 * 1000;
  const subscriptions = new Map<string, RedisSubscription>();

  async function ensureGroup(key: string, group: string): Promise<void> {
    try {
      await redis.xgroup('CREATE', key, group, '0', 'MKSTREAM');
      await redis.pexpire(key, idleExpiryMs);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
  }

  async function append(key: string, limit: number, event: DomainEvent): Promise<void> {
    const [added] =
      (await redis
        .multi()
        .xadd(key, 'MAXLEN', '~', limit, '*', 'event', JSON.stringify(event))
        .pexpire(key, idleExpiryMs)
        .exec()) ?? [];
    if (added?.[0]) throw added[0];
  }

  return {
    kind: 'redis',
    publish: (event) => append(stream, maxLength, event),
    subscribe(consumer, handler, subscribeOptions) {
      assertConsumerName(consumer);
      if (subscriptions.has(consumer)) throw new Error(`Consumer "${consumer}" is already subscribed.`);
      const subscription = new RedisSubscription(
        {
          consumer,
          handler,
          ledger: options.ledger,
          log: options.log,
          metrics: options.metrics,
          options: subscribeOptions,
        },
        {
          redis,
          streams: [stream, replayStream(consumer)],
          ensureGroup,
          blockMs: options.blockMs ?? 5_000,
          reclaimIdleMs: options.reclaimIdleMs ?? 60_000,
          reclaimEveryMs: options.reclaimEveryMs ?? 15_000,
        },
        () => subscriptions.delete(consumer),
      );
      subscriptions.set(consumer, subscription);
      return subscription;
    },
    async redeliver(consumer, event) {
      assertConsumerName(consumer);
      // The group is made here too, so a replay waits for a consumer that is not running right now.
      await ensureGroup(replayStream(consumer), consumer);
      await append(replayStream(consumer), 10_000, event);
    },
    async close() {
      await Promise.all([...subscriptions.values()].map((subscription) => subscription.stop()));
    },
  };
}

interface StreamSettings {
  redis: Redis;
  streams: string[];
  ensureGroup(key: string, group: string): Promise<void>;
  blockMs: number;
  reclaimIdleMs: number;
  reclaimEveryMs: number;
}

class RedisSubscription implements Subscription {
  readonly consumer: string;
  readonly ready: Promise<void>;
  private readonly reader: Redis;
  private readonly name = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly loop: Promise<void>;
  private stopped = false;
  private lastReclaim = 0;

  constructor(
    private readonly delivery: DeliveryContext,
    private readonly settings: StreamSettings,
    private readonly onStop: () => void,
  ) {
    this.consumer = delivery.consumer;
    // XREADGROUP BLOCK holds its connection, so each subscription reads on a connection of its own.
    this.reader = settings.redis.duplicate();
    this.reader.on('error', (error: Error) =>
      delivery.log.warn({ err: error.message }, 'event bus reader error'),
    );
    this.ready = Promise.all(settings.streams.map((key) => settings.ensureGroup(key, this.consumer))).then(
      () => {},
    );
    this.loop = this.ready.then(
      () => this.run(),
      (error: unknown) =>
        delivery.log.error({ err: error, consumer: this.consumer }, 'consumer group not created'),
    );
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (Date.now() - this.lastReclaim >= this.settings.reclaimEveryMs) {
          this.lastReclaim = Date.now();
          for (const key of this.settings.streams) await this.reclaim(key);
        }
        const reply = (await this.reader.xreadgroup(
          'GROUP',
          this.consumer,
          this.name,
          'COUNT',
          20,
          'BLOCK',
          Math.min(this.settings.blockMs, this.settings.reclaimEveryMs),
          'STREAMS',
          ...this.settings.streams,
          ...this.settings.streams.map(() => '>'),
        )) as ReadReply;
        for (const [key, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            if (this.stopped) break;
            await this.handle(key, id, fields, 0);
          }
        }
      } catch (error) {
        if (this.stopped) return;
        this.delivery.log.warn({ err: error, consumer: this.consumer }, 'event bus read failed; retrying');
        await sleep(500);
      }
    }
  }

  /** Takes over entries another node was given long ago and never acknowledged (it died or hangs). */
  private async reclaim(key: string): Promise<void> {
    const { redis, reclaimIdleMs } = this.settings;
    const stuck = (await redis.xpending(
      key,
      this.consumer,
      'IDLE',
      reclaimIdleMs,
      '-',
      '+',
      20,
    )) as PendingReply;
    for (const [id, , , deliveries] of stuck) {
      if (this.stopped) return;
      const claimed = (await redis.xclaim(
        key,
        this.consumer,
        this.name,
        reclaimIdleMs,
        id,
      )) as (StreamEntry | null)[];
      const entry = claimed[0];
      // Trimmed from the stream meanwhile: nothing left to deliver.
      if (!entry) await redis.xack(key, this.consumer, id);
      else await this.handle(key, id, entry[1], deliveries);
    }
  }

  private async handle(key: string, id: string, fields: string[], priorDeliveries: number): Promise<void> {
    const event = parseEvent(fields);
    if (!event) {
      this.delivery.log.error({ stream: key, id }, 'unreadable entry on the event stream; skipped');
    } else {
      try {
        await deliverEvent(this.delivery, event, priorDeliveries);
      } catch (error) {
        // The ledger failed: leave the entry pending, so it is reclaimed and tried again later.
        this.delivery.log.error(
          { err: error, consumer: this.consumer, eventId: event.id },
          'event left pending',
        );
        return;
      }
    }
    await this.settings.redis.xack(key, this.consumer, id);
  }

  async stop(): Promise<void> {
    if (this.stopped) return this.loop;
    this.stopped = true;
    this.onStop();
    // Ends a blocking read at once; an event being handled finishes (its ack uses the main connection).
    this.reader.disconnect();
    await settleWithin(this.loop, STOP_GRACE_MS);
  }
}

function parseEvent(fields: string[]): DomainEvent | null {
  const index = fields.indexOf('event');
  const raw = index >= 0 ? fields[index + 1] : undefined;
  if (raw === undefined) return null;
  try {
    const parsed = DomainEventSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
