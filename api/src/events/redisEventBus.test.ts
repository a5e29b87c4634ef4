import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildTestApp, type TestApp, uniqueName } from '../../../tests/support/testApp.ts';
import { type ConsumerLedger, createConsumerLedger } from './consumerLedger.ts';
import { eventBusContract, testEvent } from './eventBus.contract.ts';
import type { EventBus } from './eventBus.ts';
import { createRedisEventBus, type RedisBusOptions } from './redisEventBus.ts';

async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== '0');
}

/** Buses on connections of their own, as separate api nodes would have. */
function nodes(t: TestApp, ledger: ConsumerLedger) {
  const connections: Redis[] = [];
  const buses: EventBus[] = [];
  return {
    open(prefix: string, options: Partial<RedisBusOptions> = {}): EventBus {
      const redis = new Redis(inject('redisUrl'));
      connections.push(redis);
      const bus = createRedisEventBus({ redis, prefix, ledger, log: t.deps.log, blockMs: 200, ...options });
      buses.push(bus);
      return bus;
    },
    async close(prefix: string) {
      await Promise.all(buses.map((bus) => bus.close()));
      const [first] = connections;
      if (first) await deleteByPrefix(first, prefix);
      await Promise.all(connections.map((redis) => redis.quit()));
    },
  };
}

eventBusContract('redis', async () => {
  const t = await buildTestApp();
  const ledger = createConsumerLedger(t.deps);
  const prefix = `${uniqueName('events')}:`;
  const node = nodes(t, ledger);
  let count = 0;
  return {
    ledger,
    openBus: async () => node.open(`${prefix}${++count}:`),
    async cleanup() {
      await node.close(prefix);
      await t.close();
    },
  };
});

describe('redis event bus across nodes', () => {
  let t: TestApp;
  let ledger: ConsumerLedger;
  let prefix: string;
  let node: ReturnType<typeof nodes>;
  let count = 0;
  const fresh = () => `${prefix}${++count}:`;
  const hung: (() => void)[] = [];
  beforeAll(async () => {
    t = await buildTestApp();
    ledger = createConsumerLedger(t.deps);
    prefix = `${uniqueName('events-nodes')}:`;
    node = nodes(t, ledger);
  });
  afterAll(async () => {
    for (const wake of hung) wake();
    await node.close(prefix);
    await t.close();
  });

  it('shares a consumer between nodes: each event is handled once in all, by one of them', async () => {
    const streams = fresh();
    const [a, b, publisher] = [node.open(streams), node.open(streams), node.open(streams)];
    const handled: { node: string; n: number }[] = [];
    const handlerOf = (name: string) => async (event: DomainEvent) => {
      handled.push({ node: name, n: event.data.n as number });
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await Promise.all([
      a.subscribe('search', handlerOf('a')).ready,
      b.subscribe('search', handlerOf('b')).ready,
    ]);
    const activity: number[] = [];
    await b.subscribe('activity', async (event) => {
      activity.push(event.data.n as number);
    }).ready;
    const numbers = Array.from({ length: 40 }, (_, i) => i + 1);
    for (const n of numbers) await publisher.publish(testEvent('book-n', n));
    await vi.waitFor(() => {
      expect(handled.map((h) => h.n).sort((x, y) => x - y)).toEqual(numbers);
      expect(activity).toEqual(numbers);
    });
    // Streams expire when idle, so nothing a test (or a retired prefix) wrote stays in Redis for good.
    const probe = new Redis(inject('redisUrl'));
    try {
      expect(await probe.pttl(`${streams}stream`)).toBeGreaterThan(0);
      expect(await probe.pttl(`${streams}replay:search`)).toBeGreaterThan(0);
    } finally {
      await probe.quit();
    }
  });

  it('takes over an event a node received and never acknowledged (the node hangs or died)', async () => {
    const streams = fresh();
    const stuck = node.open(streams);
    let release: () => void = () => {};
    let received: () => void = () => {};
    const inHand = new Promise<void>((resolve) => {
      received = resolve;
    });
    await stuck.subscribe('search', async () => {
      received();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    }).ready;
    const event = testEvent('book-s', 1);
    await stuck.publish(event);
    await inHand;

    const rescuer = node.open(streams, { reclaimIdleMs: 300, reclaimEveryMs: 100 });
    const rescued: string[] = [];
    await rescuer.subscribe('search', async (e) => {
      rescued.push(e.id);
    }).ready;
    await vi.waitFor(() => expect(rescued).toEqual([event.id]));
    // The ledger records the event after the handler returns: wait for that write too (it lagged
    // behind the handler on a busy machine).
    await vi.waitFor(async () => expect(await ledger.wasProcessed('search', event.id)).toBe(true));
    release();
  });

  it('parks an event that its consumers kept receiving without finishing, instead of running it again', async () => {
    const streams = fresh();
    const consumer = `crashy-${Math.random().toString(36).slice(2, 8)}`;
    const crashing = node.open(streams);
    let received: () => void = () => {};
    const inHand = new Promise<void>((resolve) => {
      received = resolve;
    });
    // Does not settle until the suite ends: this node "dies" holding the event.
    await crashing.subscribe(consumer, async () => {
      received();
      await new Promise<void>((resolve) => hung.push(resolve));
    }).ready;
    const event = testEvent('book-p', 1);
    await crashing.publish(event);
    await inHand;

    const other = node.open(streams, { reclaimIdleMs: 200, reclaimEveryMs: 100 });
    const ran: string[] = [];
    await other.subscribe(
      consumer,
      async (e) => {
        ran.push(e.id);
      },
      { maxAttempts: 1 },
    ).ready;
    const letter = await vi.waitFor(async () => {
      const page = await ledger.listDeadLetters({ consumer, limit: 10 });
      expect(page.items).toHaveLength(1);
      return page.items[0];
    });
    expect(letter?.event.id).toBe(event.id);
    expect(letter?.error).toContain('without finishing');
    expect(ran).toEqual([]);
  });

  it('keeps a replay for a consumer that is not running, and delivers it when it starts', async () => {
    const streams = fresh();
    const bus = node.open(streams);
    const event = testEvent('book-r', 7);
    await bus.redeliver('late', event);
    const seen: number[] = [];
    await bus.subscribe('late', async (e) => {
      seen.push(e.data.n as number);
    }).ready;
    await vi.waitFor(() => expect(seen).toEqual([7]));
  });
});
