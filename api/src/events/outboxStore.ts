import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '@galley/shared/events/domainEvents';
import type { AppDeps } from '../deps.ts';
import { isConditionFailure } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { shardOf } from './outbox.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/** How long a dispatched event stays in the outbox (for inspection) before DynamoDB TTL removes it. */
export const DISPATCHED_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface PendingEvent {
  shard: number;
  event: DomainEvent;
}

/**
 * The oldest pending events of a shard, in the order they were written. The pending index (GSI1) is
 * sparse: dispatching removes the item from it, so this reads only what is left to do, however long
 * dispatched events are kept. (A GSI is eventually consistent in AWS: a just-dispatched event can
 * show up once more, which the dispatcher's memory of recent ids absorbs.)
 */
export async function listPendingEvents(
  deps: StoreDeps,
  shard: number,
  limit: number,
): Promise<PendingEvent[]> {
  const { Items } = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.outboxPendingPartition(shard) },
      ScanIndexForward: true,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({ shard, event: item.event as DomainEvent }));
}

/**
 * Takes a published event out of the pending index and gives it its expiry. Conditional, so of two
 * dispatchers that published the same event only one marks it; false for the other.
 */
export async function markDispatched(
  deps: StoreDeps,
  pending: PendingEvent,
  nowMs: number,
): Promise<boolean> {
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.outboxEvent(pending.shard, pending.event.id),
        UpdateExpression: 'SET dispatchedAt = :at, expiresAt = :expires REMOVE GSI1PK, GSI1SK',
        ConditionExpression: 'attribute_exists(GSI1PK)',
        ExpressionAttributeValues: {
          ':at': new Date(nowMs).toISOString(),
          ':expires': Math.floor(nowMs / 1000) + DISPATCHED_TTL_SECONDS,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Takes or renews the lease on a shard: one dispatcher at a time publishes a shard, which keeps its
 * books' events in order and stops two nodes publishing the same events in the normal case. A lease
 * lapses when its holder stops renewing it (crash), so another node takes over.
 */
export async function acquireShardLease(
  deps: StoreDeps,
  shard: number,
  holder: string,
  nowMs: number,
  leaseMs: number,
): Promise<boolean> {
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.outboxLease(shard),
        UpdateExpression: 'SET holder = :me, #until = :until, entity = :entity',
        ConditionExpression: 'attribute_not_exists(holder) OR holder = :me OR #until < :now',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: {
          ':me': holder,
          ':until': nowMs + leaseMs,
          ':now': nowMs,
          ':entity': 'outboxLease',
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Gives a lease back on shutdown so another node takes the shard over at once. */
export async function releaseShardLease(deps: StoreDeps, shard: number, holder: string): Promise<void> {
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.outboxLease(shard),
        UpdateExpression: 'SET #until = :zero',
        ConditionExpression: 'holder = :me',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':me': holder, ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export interface OutboxRecord {
  event: DomainEvent;
  dispatchedAt: string | null;
  expiresAt: number | null;
}

/** A book's outbox events, oldest first, dispatched or not (until TTL removes them): for inspection. */
export async function listBookOutbox(deps: StoreDeps, bookId: string, limit = 100): Promise<OutboxRecord[]> {
  const shard = shardOf({ bookId });
  const records: OutboxRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        FilterExpression: '#event.bookId = :book',
        ExpressionAttributeNames: { '#event': 'event' },
        ExpressionAttributeValues: {
          ':pk': keys.outboxEvent(shard, '').PK,
          ':prefix': 'EVENT#',
          ':book': bookId,
        },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      records.push({
        event: item.event as DomainEvent,
        dispatchedAt: (item.dispatchedAt as string | undefined) ?? null,
        expiresAt: (item.expiresAt as number | undefined) ?? null,
      });
    }
    start = page.LastEvaluatedKey;
  } while (start && records.length < limit);
  return records.slice(0, limit);
}
