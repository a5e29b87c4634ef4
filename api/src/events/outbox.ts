import {
  type DomainEvent,
  DomainEventDataSchemas,
  DomainEventSchema,
  type DomainEventType,
} from '@galley/shared/events/domainEvents';
import { monotonicFactory } from 'ulid';
import type { AppDeps } from '../deps.ts';
import type { TransactItem } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';

/**
 * The write side of the transactional outbox (DESIGN §9): a state change puts its event into the
 * table in the SAME TransactWriteItems as the change, so an event exists exactly when its change
 * does. The dispatcher (dispatcher.ts) publishes pending events to the bus.
 *
 * Events are spread over a fixed set of shards by book, so that one dispatcher can own a shard (a
 * lease) and publish its pending events in order with one query, and a book's events always share a
 * shard. Changing OUTBOX_SHARDS strands the pending events of the shards that disappear: only ever
 * add shards, and keep dispatching the old ones.
 */
export const OUTBOX_SHARDS = 4;

/** The outbox item's `entity`; transact() wakes the dispatcher when a committed write holds one. */
export const OUTBOX_ENTITY = 'outboxEvent';

export interface NewDomainEvent {
  type: DomainEventType;
  /** ISO time of the change: the same `at` the change itself records. */
  at: string;
  actorId?: string | undefined;
  bookId?: string | undefined;
  subject?: Record<string, string>;
  data?: Record<string, unknown>;
}

// Monotonic within the process, so two events written in the same millisecond still sort in the order
// they were written.
const nextEventId = monotonicFactory();

export function newDomainEvent(input: NewDomainEvent): DomainEvent {
  const event = {
    id: nextEventId(Date.parse(input.at)),
    type: input.type,
    at: input.at,
    ...(input.actorId ? { actorId: input.actorId } : {}),
    ...(input.bookId ? { bookId: input.bookId } : {}),
    subject: input.subject ?? {},
    data: input.data ?? {},
  };
  // A malformed event is a bug in the writer: fail the write rather than publish something consumers reject.
  DomainEventDataSchemas[input.type]?.parse(event.data);
  return DomainEventSchema.parse(event);
}

/** FNV-1a of the book id: stable across processes and versions, unlike anything seeded. */
export function shardOf(event: Pick<DomainEvent, 'bookId'>): number {
  const text = event.bookId ?? '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % OUTBOX_SHARDS;
}

/** The Put that records `event` as pending; add it to the transaction of the change it describes. */
export function outboxPut(deps: Pick<AppDeps, 'table'>, event: DomainEvent): TransactItem {
  const shard = shardOf(event);
  return {
    Put: {
      TableName: deps.table,
      Item: {
        ...keys.outboxEvent(shard, event.id),
        ...keys.outboxPending(shard, event.id),
        entity: OUTBOX_ENTITY,
        event,
      },
    },
  };
}

/** `outboxPut(deps, newDomainEvent(input))`: the usual way a domain write adds its event. */
export function outboxItem(deps: Pick<AppDeps, 'table'>, input: NewDomainEvent): TransactItem {
  return outboxPut(deps, newDomainEvent(input));
}

export const isOutboxItem = (item: TransactItem): boolean => item.Put?.Item?.entity === OUTBOX_ENTITY;
