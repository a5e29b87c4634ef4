import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildTestApp, type TestApp, uniqueName } from '../../../tests/support/testApp.ts';
import { buildBook, ifMatch, registeredUser } from '../routes/books/bookTestKit.ts';
import { transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { createConsumerLedger } from './consumerLedger.ts';
import { createDispatcher } from './dispatcher.ts';
import type { EventBus } from './eventBus.ts';
import { createEvents } from './events.ts';
import { newDomainEvent, OUTBOX_SHARDS, outboxPut } from './outbox.ts';
import { listBookOutbox } from './outboxStore.ts';

/** A bus that records what it is given, and can be told to refuse publications. */
function recordingBus(refuse: (event: DomainEvent) => boolean = () => false) {
  const published: DomainEvent[] = [];
  const bus: EventBus = {
    kind: 'in-process',
    async publish(event) {
      if (refuse(event)) throw new Error('bus unavailable');
      published.push(event);
    },
    subscribe: () => {
      throw new Error('not used');
    },
    redeliver: async () => {},
    close: async () => {},
  };
  return { bus, published };
}

async function pendingCount(t: TestApp): Promise<number> {
  let total = 0;
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++) {
    const { Count } = await t.deps.ddb.send(
      new QueryCommand({
        TableName: t.deps.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.outboxPendingPartition(shard) },
        Select: 'COUNT',
      }),
    );
    total += Count ?? 0;
  }
  return total;
}

describe('outbox dispatcher', () => {
  let t: TestApp;
  let owner: { user: { id: string }; token: string };
  beforeAll(async () => {
    t = await buildTestApp();
    owner = await registeredUser(t);
  });
  afterAll(() => t.close());

  async function patchTitle(bookId: string, version: number, title: string): Promise<number> {
    const res = await t.request('PATCH', `/api/books/${bookId}`, {
      token: owner.token,
      headers: ifMatch(version),
      body: { title },
    });
    expect(res.status).toBe(200);
    return res.body.version as number;
  }

  const dispatcherOn = (bus: EventBus, nodeId: string) =>
    createDispatcher({
      ddb: t.deps.ddb,
      table: t.deps.table,
      bus,
      log: t.deps.log,
      nodeId,
      pollMs: 3_600_000,
    });

  it("publishes each book's events in the order written, marks them dispatched with an expiry", async () => {
    const books = await Promise.all([buildBook(t, owner.user.id), buildBook(t, owner.user.id)]);
    for (const book of books) {
      let version = book.version;
      for (const n of [1, 2, 3]) version = await patchTitle(book.id, version, `Title ${n}`);
    }
    const { bus, published } = recordingBus();
    const dispatcher = dispatcherOn(bus, 'order');
    await dispatcher.dispatchOnce();
    await dispatcher.stop();
    for (const book of books) {
      const mine = published.filter((e) => e.bookId === book.id);
      expect(mine.map((e) => [e.type, e.data.title])).toEqual([
        ['book.created', book.title],
        ['book.updated', 'Title 1'],
        ['book.updated', 'Title 2'],
        ['book.updated', 'Title 3'],
      ]);
      const records = await listBookOutbox(t.deps, book.id);
      for (const record of records) {
        expect(record.dispatchedAt).not.toBeNull();
        expect(record.expiresAt).toBeGreaterThan(Date.now() / 1000);
      }
    }
    expect(await pendingCount(t)).toBe(0);
  });

  it('keeps an event it could not publish, and publishes it (still in order) on the next pass', async () => {
    const book = await buildBook(t, owner.user.id);
    let version = book.version;
    for (const n of [1, 2]) version = await patchTitle(book.id, version, `Retry ${n}`);
    let down = true;
    const { bus, published } = recordingBus((event) => down && event.data.title === 'Retry 1');
    const dispatcher = dispatcherOn(bus, 'retry');
    await dispatcher.dispatchOnce();
    const mine = () => published.filter((e) => e.bookId === book.id).map((e) => e.data.title);
    // The failure stops the shard: 'Retry 2' must not overtake 'Retry 1'.
    expect(mine()).toEqual([book.title]);
    expect((await listBookOutbox(t.deps, book.id)).filter((r) => r.dispatchedAt === null)).toHaveLength(2);
    down = false;
    await dispatcher.dispatchOnce();
    await dispatcher.stop();
    expect(mine()).toEqual([book.title, 'Retry 1', 'Retry 2']);
  });

  it('publishes each event once when two nodes dispatch the same table at the same time', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, () => buildBook(t, owner.user.id)));
    const { bus, published } = recordingBus();
    const [a, b] = [dispatcherOn(bus, 'node-a'), dispatcherOn(bus, 'node-b')];
    await Promise.all([a.dispatchOnce(), b.dispatchOnce(), a.dispatchOnce(), b.dispatchOnce()]);
    // Whichever node holds a shard's lease publishes it; once it stops, the other takes over at once.
    await a.stop();
    await b.dispatchOnce();
    await b.stop();
    const ids = published.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const book of created) expect(published.filter((e) => e.bookId === book.id)).toHaveLength(1);
    expect(await pendingCount(t)).toBe(0);
  });

  it('delivers a commit to consumers at once, without waiting for the next poll', async () => {
    const events = createEvents({
      ddb: t.deps.ddb,
      table: t.deps.table,
      now: t.deps.now,
      log: t.deps.log,
      redis: null,
      dispatcher: { pollMs: 3_600_000, nodeId: 'wake' },
    });
    const seen: DomainEvent[] = [];
    events.subscribe('search', async (event) => {
      seen.push(event);
    });
    const original = t.deps.events;
    t.deps.events = events;
    try {
      events.start();
      // The first pass at start publishes what earlier tests left; from here on only wakes remain.
      await events.dispatcher.dispatchOnce();
      const book = await buildBook(t, owner.user.id);
      await patchTitle(book.id, book.version, 'Woken');
      await vi.waitFor(() =>
        expect(seen.filter((e) => e.bookId === book.id).map((e) => e.type)).toEqual([
          'book.created',
          'book.updated',
        ]),
      );
      // Marked handled once the handler returned: a redelivery would be skipped.
      const ledger = createConsumerLedger(t.deps);
      await vi.waitFor(async () =>
        expect(await ledger.wasProcessed('search', seen.at(-1)?.id ?? '')).toBe(true),
      );
    } finally {
      t.deps.events = original;
      await events.close();
    }
  });

  it('starts with the server and counts what it published in the metrics', async () => {
    const { startServer } = await import('../server.ts');
    const server = await startServer({ ...t.deps, env: { ...t.deps.env, PORT: 0, HOST: '127.0.0.1' } });
    try {
      const book = await buildBook(t, owner.user.id);
      await vi.waitFor(async () => {
        const records = await listBookOutbox(t.deps, book.id);
        expect(records.map((r) => r.dispatchedAt !== null)).toEqual([true]);
      });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/galley_events_published_total\{type="book.created"\} [1-9]/);
      expect(metrics).toContain('galley_event_dispatch_lag_seconds_count');
    } finally {
      await server.close();
    }
  });
});

describe('outbox dispatch across nodes with Redis', () => {
  it("dispatches a commit at once even when another node holds the book's shard", async () => {
    const t = await buildTestApp();
    const prefix = `${uniqueName('dispatch')}:events:`;
    const connections = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))];
    const nodes = connections.map((redis, index) =>
      createEvents({
        ddb: t.deps.ddb,
        table: t.deps.table,
        now: t.deps.now,
        log: t.deps.log,
        redis,
        redisPrefix: prefix,
        // Polls once an hour: only the wake can deliver within the test.
        dispatcher: { pollMs: 3_600_000, nodeId: `node-${index}` },
      }),
    );
    const [holder, writer] = nodes as [ReturnType<typeof createEvents>, ReturnType<typeof createEvents>];
    try {
      const seen: string[] = [];
      await holder.subscribe('search', async (event) => {
        seen.push(event.id);
      }).ready;
      holder.start();
      // The holder's first pass takes every shard's lease; the writer then leases none.
      await holder.dispatcher.dispatchOnce();
      writer.start();
      expect(await writer.dispatcher.dispatchOnce()).toBe(0);
      const event = newDomainEvent({ type: 'book.updated', at: new Date().toISOString(), bookId: 'book-w' });
      const writerDeps = { ddb: t.deps.ddb, table: t.deps.table, events: writer };
      expect((await transact(writerDeps, [outboxPut(t.deps, event)])).ok).toBe(true);
      await vi.waitFor(() => expect(seen).toContain(event.id));
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
      const keys = await connections[0]?.keys(`${prefix}*`);
      if (keys && keys.length > 0) await connections[0]?.del(...keys);
      await Promise.all(connections.map((redis) => redis.quit()));
      await t.close();
    }
  });
});
