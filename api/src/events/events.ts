import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { AppDeps } from '../deps.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type ConsumerLedger, createConsumerLedger } from './consumerLedger.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { EventBus, EventHandler, SubscribeOptions, Subscription } from './eventBus.ts';
import { createInProcessEventBus } from './inProcessEventBus.ts';
import { createRedisEventBus, type RedisBusOptions } from './redisEventBus.ts';

/**
 * The api's events, as `deps.events`: the bus consumers subscribe to, the dispatcher that feeds it
 * from the outbox, and the ledger of handled events and dead letters.
 *
 *   deps.events.subscribe('search', async (event) => { ... });
 *
 * The server starts the dispatcher (startServer) and stops it on close; a test app built without a
 * server calls `deps.events.start()` when it wants events delivered.
 */
export interface Events {
  bus: EventBus;
  ledger: ConsumerLedger;
  dispatcher: Dispatcher;
  subscribe(consumer: string, handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Called by transact() after a commit that wrote an outbox event. */
  committed(): void;
  start(): void;
  /** Stops the dispatcher (the server closing); subscriptions keep going until close(). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface EventsOptions {
  ddb: AppDeps['ddb'];
  table: string;
  now: () => number;
  log: Logger;
  metrics?: Metrics | undefined;
  /** With a connection, the bus is Redis Streams under `redisPrefix`; without, in-process. */
  redis: Redis | null;
  redisPrefix?: string;
  dispatcher?: Pick<DispatcherOptions, 'pollMs' | 'batchSize' | 'leaseMs' | 'nodeId'>;
  redisBus?: Pick<RedisBusOptions, 'blockMs' | 'reclaimIdleMs' | 'reclaimEveryMs' | 'maxLength'>;
}

export function createEvents(options: EventsOptions): Events {
  const { log, metrics } = options;
  const ledger = createConsumerLedger(options);
  const bus: EventBus = options.redis
    ? createRedisEventBus({
        redis: options.redis,
        prefix: options.redisPrefix ?? 'events:',
        ledger,
        log,
        metrics,
        ...options.redisBus,
      })
    : createInProcessEventBus({ ledger, log, metrics });
  const nodeId =
    options.dispatcher?.nodeId ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const dispatcher = createDispatcher({
    ddb: options.ddb,
    table: options.table,
    bus,
    log,
    metrics,
    now: options.now,
    ...options.dispatcher,
    nodeId,
  });
  const wakes = options.redis
    ? createWakeChannel(options.redis, `${options.redisPrefix ?? 'events:'}wake`, nodeId, log)
    : null;
  let closed = false;
  return {
    bus,
    ledger,
    dispatcher,
    subscribe: (consumer, handler, subscribeOptions) => bus.subscribe(consumer, handler, subscribeOptions),
    committed() {
      dispatcher.wake();
      wakes?.announce();
    },
    start() {
      dispatcher.start();
      wakes?.listen(() => dispatcher.wake());
    },
    async stop() {
      await wakes?.close();
      await dispatcher.stop();
    },
    async close() {
      if (closed) return;
      closed = true;
      await wakes?.close();
      await dispatcher.stop();
      await bus.close();
    },
  };
}

/**
 * With several nodes, the shard of a book this node just wrote may be leased by another node, which
 * would only see the event at its next poll: a commit is announced on a pub/sub channel so whichever
 * node holds the lease dispatches at once. Announcements are hints; the poll still catches anything missed.
 */
function createWakeChannel(redis: Redis, channel: string, nodeId: string, log: Logger) {
  let listener: Redis | null = null;
  return {
    announce() {
      redis
        .publish(channel, nodeId)
        .catch((error: unknown) => log.warn({ err: error }, 'dispatch wake not sent'));
    },
    listen(wake: () => void) {
      if (listener) return;
      const connection = redis.duplicate();
      listener = connection;
      connection.on('error', (error: Error) =>
        log.warn({ err: error.message }, 'dispatch wake channel error'),
      );
      connection.on('message', (_channel: string, from: string) => {
        if (from !== nodeId) wake();
      });
      connection
        .subscribe(channel)
        .catch((error: unknown) => log.warn({ err: error }, 'dispatch wakes not received'));
    },
    async close() {
      const connection = listener;
      listener = null;
      await connection?.quit().catch(() => connection.disconnect());
    },
  };
}
