import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsumerLedger } from './consumerLedger.ts';
import type { EventBus } from './eventBus.ts';
import { newDomainEvent } from './outbox.ts';

export interface EventBusHarness {
  ledger: ConsumerLedger;
  /** A fresh bus (its own streams with Redis), so tests never see each other's events. */
  openBus(): Promise<EventBus>;
  /** Closes every bus it opened and removes what they left behind. */
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function testEvent(bookId: string, n: number): DomainEvent {
  return newDomainEvent({
    type: 'book.updated',
    at: new Date().toISOString(),
    actorId: 'user-1',
    bookId,
    data: { n },
  });
}

/** Records what a consumer was given, and fails the events `failing` says to fail. */
function recorder(failing: (event: DomainEvent, attempt: number) => boolean = () => false) {
  const seen: number[] = [];
  const attempts = new Map<string, number>();
  return {
    seen,
    attempts,
    handler: async (event: DomainEvent) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      if (failing(event, attempt)) throw new Error(`refused ${String(event.data.n)} on attempt ${attempt}`);
      seen.push(event.data.n as number);
    },
  };
}

/**
 * What every EventBus must do, run against each implementation (in-process, Redis Streams) so
 * consumers behave the same on one node and on many.
 */
export function eventBusContract(name: string, open: () => Promise<EventBusHarness>): void {
  describe(`${name} event bus (contract)`, () => {
    let harness: EventBusHarness;
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(() => harness.cleanup());

    it('delivers every event to each consumer, in the order published', async () => {
      const bus = await harness.openBus();
      const search = recorder();
      const activity = recorder();
      await Promise.all([
        bus.subscribe('search', search.handler).ready,
        bus.subscribe('activity', activity.handler).ready,
      ]);
      const numbers = Array.from({ length: 12 }, (_, i) => i + 1);
      for (const n of numbers) await bus.publish(testEvent('book-a', n));
      await vi.waitFor(() => {
        expect(search.seen).toEqual(numbers);
        expect(activity.seen).toEqual(numbers);
      });
    });

    it('hands an event a consumer already handled to it only once (redelivery is skipped)', async () => {
      const bus = await harness.openBus();
      const search = recorder();
      await bus.subscribe('search', search.handler).ready;
      const event = testEvent('book-b', 1);
      await bus.publish(event);
      await bus.publish(event);
      await bus.publish(testEvent('book-b', 2));
      await vi.waitFor(() => expect(search.seen).toEqual([1, 2]));
      expect(await harness.ledger.wasProcessed('search', event.id)).toBe(true);
      expect(search.attempts.get(event.id)).toBe(1);
    });

    it('retries a failing event with backoff, and keeps the next one waiting behind it', async () => {
      const bus = await harness.openBus();
      const search = recorder((event, attempt) => event.data.n === 1 && attempt < 3);
      await bus.subscribe('search', search.handler, { maxAttempts: 5, backoffMs: 20 }).ready;
      const first = testEvent('book-c', 1);
      await bus.publish(first);
      await bus.publish(testEvent('book-c', 2));
      await vi.waitFor(() => expect(search.seen).toEqual([1, 2]));
      expect(search.attempts.get(first.id)).toBe(3);
      const letters = await harness.ledger.listDeadLetters({ consumer: 'search', limit: 100 });
      expect(letters.items.map((letter) => letter.event.id)).not.toContain(first.id);
    });

    it('parks an event after its last attempt, moves on, and handles it when replayed', async () => {
      const bus = await harness.openBus();
      const consumer = `poison-${Math.random().toString(36).slice(2, 8)}`;
      let fixed = false;
      const handler = recorder((event) => event.data.n === 1 && !fixed);
      await bus.subscribe(consumer, handler.handler, { maxAttempts: 3, backoffMs: 10 }).ready;
      const poison = testEvent('book-d', 1);
      await bus.publish(poison);
      await bus.publish(testEvent('book-d', 2));
      await vi.waitFor(() => expect(handler.seen).toEqual([2]));
      const letter = await vi.waitFor(async () => {
        const page = await harness.ledger.listDeadLetters({ consumer, limit: 10 });
        expect(page.items).toHaveLength(1);
        return page.items[0];
      });
      expect(letter).toMatchObject({
        consumer,
        event: { id: poison.id, type: 'book.updated' },
        attempts: 3,
        replayedAt: null,
      });
      expect(letter?.error).toContain('refused 1 on attempt 3');
      expect(handler.attempts.get(poison.id)).toBe(3);

      fixed = true;
      expect(await harness.ledger.claimReplay(letter?.id ?? '', 'admin-1')).toBe(true);
      expect(await harness.ledger.claimReplay(letter?.id ?? '', 'admin-2')).toBe(false);
      await bus.redeliver(consumer, poison);
      await vi.waitFor(() => expect(handler.seen).toEqual([2, 1]));
      expect(await harness.ledger.getDeadLetter(letter?.id ?? '')).toMatchObject({ replayedBy: 'admin-1' });
    });

    it('lets the event in hand finish on stop, then delivers nothing more to that subscription', async () => {
      const bus = await harness.openBus();
      const finished: number[] = [];
      let started: () => void = () => {};
      const inHand = new Promise<void>((resolve) => {
        started = resolve;
      });
      const subscription = bus.subscribe('search', async (event) => {
        started();
        await sleep(150);
        finished.push(event.data.n as number);
      });
      await subscription.ready;
      await bus.publish(testEvent('book-e', 1));
      await inHand;
      await subscription.stop();
      expect(finished).toEqual([1]);
      await bus.publish(testEvent('book-e', 2));
      await sleep(300);
      expect(finished).toEqual([1]);
    });

    it('refuses a second subscription under the same name, and names that are not plain', async () => {
      const bus = await harness.openBus();
      await bus.subscribe('search', async () => {}).ready;
      expect(() => bus.subscribe('search', async () => {})).toThrow(/already subscribed/);
      for (const bad of ['Search', 'a b', '', 'x'.repeat(41), 'search:1']) {
        expect(() => bus.subscribe(bad, async () => {})).toThrow(/must match/);
      }
    });
  });
}
