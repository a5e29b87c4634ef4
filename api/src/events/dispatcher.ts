import { hostname } from 'node:os';
import type { AppDeps } from '../deps.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventBus } from './eventBus.ts';
import { OUTBOX_SHARDS } from './outbox.ts';
import {
  acquireShardLease,
  listPendingEvents,
  markDispatched,
  type PendingEvent,
  releaseShardLease,
} from './outboxStore.ts';

export interface DispatcherOptions {
  ddb: AppDeps['ddb'];
  table: string;
  bus: EventBus;
  log: Logger;
  metrics?: Metrics | undefined;
  now?: () => number;
  /** The safety net: how often pending events are looked for without a wake-up (other nodes' writes, crashes). */
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Names this dispatcher in shard leases; unique per process. */
  nodeId?: string;
}

export interface Dispatcher {
  start(): void;
  /** A local commit wrote an event: dispatch now rather than at the next poll. */
  wake(): void;
  /** One pass over every shard this node can lease; resolves with the number of events published. */
  dispatchOnce(): Promise<number>;
  /** Stops polling, waits for the pass in progress and gives the shard leases back. */
  stop(): Promise<void>;
}

const RECENT_IDS_LIMIT = 5_000;

/**
 * Publishes pending outbox events to the bus, shard by shard, in the order they were written, and
 * marks each one dispatched after the bus holds it: a crash in between republishes the event (at
 * least once; consumers skip what they handled) but never loses it. A publish failure stops the
 * shard's pass, so no later event of the same book overtakes the one that failed.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { bus, log, metrics } = options;
  const store = { ddb: options.ddb, table: options.table };
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 2_000;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 30_000;
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const leaseUntil = new Map<number, number>();
  // Ids this node published lately: the pending index may still list them for a moment (AWS GSIs are
  // eventually consistent), and they must not be published twice for that.
  const recent = new Set<string>();

  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<number> | null = null;
  let again = false;

  async function holdsLease(shard: number): Promise<boolean> {
    const until = leaseUntil.get(shard) ?? 0;
    // Renewed at half time, so a pass never runs on a lease about to lapse.
    if (until - now() > leaseMs / 2) return true;
    const acquired = await acquireShardLease(store, shard, nodeId, now(), leaseMs);
    if (acquired) leaseUntil.set(shard, now() + leaseMs);
    else leaseUntil.delete(shard);
    return acquired;
  }

  function remember(id: string): void {
    recent.add(id);
    if (recent.size > RECENT_IDS_LIMIT) recent.delete(recent.values().next().value as string);
  }

  async function publishOne(pending: PendingEvent): Promise<boolean> {
    const { event } = pending;
    if (!recent.has(event.id)) {
      await bus.publish(event);
      metrics?.eventsPublished.inc({ type: event.type });
      metrics?.eventDispatchLag.observe(Math.max(0, now() - Date.parse(event.at)) / 1000);
      remember(event.id);
    }
    await markDispatched(store, pending, now());
    return true;
  }

  async function dispatchShard(shard: number): Promise<number> {
    let published = 0;
    for (;;) {
      if (!(await holdsLease(shard))) return published;
      const batch = await listPendingEvents(store, shard, batchSize);
      for (const pending of batch) {
        try {
          await publishOne(pending);
          published += 1;
        } catch (error) {
          log.warn(
            { err: error, shard, eventId: pending.event.id },
            'outbox dispatch failed; retried at the next pass',
          );
          return published;
        }
      }
      if (batch.length < batchSize || !running) return published;
    }
  }

  async function dispatchAll(): Promise<number> {
    let total = 0;
    for (let shard = 0; shard < OUTBOX_SHARDS; shard++) {
      try {
        total += await dispatchShard(shard);
      } catch (error) {
        log.warn({ err: error, shard }, 'outbox pass failed');
      }
    }
    return total;
  }

  function runPass(): Promise<number> {
    if (pass) {
      // A wake during a pass may concern an event the pass already queried past: one more pass after.
      again = true;
      return pass;
    }
    pass = dispatchAll().finally(() => {
      pass = null;
      if (again && running) {
        again = false;
        void runPass();
      }
    });
    return pass;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      void runPass().finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      void runPass();
      schedule();
    },
    wake() {
      if (running) void runPass();
    },
    dispatchOnce: () => runPass(),
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await pass?.catch(() => 0);
      const held = [...leaseUntil.keys()];
      leaseUntil.clear();
      await Promise.all(
        held.map((shard) =>
          releaseShardLease(store, shard, nodeId).catch((error: unknown) =>
            log.warn({ err: error, shard }, 'shard lease not released; it lapses by itself'),
          ),
        ),
      );
    },
  };
}
