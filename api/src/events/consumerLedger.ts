import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeadLetter } from '@galley/shared/events/deadLetters';
import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import type { TransactItem } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, encodeCursor } from '../store/pageCursor.ts';

type LedgerDeps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/** Long enough to outlive any redelivery (the outbox keeps dispatched events as long). */
export const PROCESSED_MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Dead letters wait this long for an admin before DynamoDB TTL removes them. */
export const DEAD_LETTER_TTL_SECONDS = 90 * 24 * 60 * 60;
const ERROR_TEXT_LIMIT = 500;

/**
 * What consumers remember, in the table so it survives restarts and is shared by every node whatever
 * the bus: which events each consumer has handled (so a redelivered event is skipped) and the events
 * it gave up on (dead letters, for an admin to read and replay).
 */
export interface ConsumerLedger {
  wasProcessed(consumer: string, eventId: string): Promise<boolean>;
  markProcessed(consumer: string, eventId: string): Promise<void>;
  park(consumer: string, event: DomainEvent, error: unknown, attempts: number): Promise<DeadLetter>;
  getDeadLetter(id: string): Promise<DeadLetter | null>;
  listDeadLetters(page: {
    consumer?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<{ items: DeadLetter[]; nextCursor: string | null }>;
  /** Marks a dead letter replayed; false if it was already (two admins clicking at once: one wins). */
  claimReplay(id: string, by: string): Promise<boolean>;
  /** Undoes claimReplay when the replay could not be handed to the bus. */
  releaseReplay(id: string): Promise<void>;
  /**
   * The same two writes as transaction items, for callers that commit them with something else (the
   * replay route commits the claim with its audit entry). A failed claim condition = already replayed.
   */
  claimReplayItem(id: string, by: string): TransactItem;
  releaseReplayItem(id: string): TransactItem;
}

const epochSeconds = (ms: number) => Math.floor(ms / 1000);

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > ERROR_TEXT_LIMIT ? `${text.slice(0, ERROR_TEXT_LIMIT - 1)}…` : text;
}

function deadLetterOf(item: Record<string, unknown>): DeadLetter {
  return {
    id: item.id as string,
    consumer: item.consumer as string,
    event: item.event as DomainEvent,
    error: item.error as string,
    attempts: item.attempts as number,
    parkedAt: item.parkedAt as string,
    replayedAt: (item.replayedAt as string | undefined) ?? null,
    replayedBy: (item.replayedBy as string | undefined) ?? null,
  };
}

export function createConsumerLedger(deps: LedgerDeps): ConsumerLedger {
  const { ddb, table } = deps;
  return {
    async wasProcessed(consumer, eventId) {
      const { Item } = await ddb.send(
        new GetCommand({
          TableName: table,
          Key: keys.consumedEvent(consumer, eventId),
          ConsistentRead: true,
        }),
      );
      return Item !== undefined && Number(Item.expiresAt) > epochSeconds(deps.now());
    },

    async markProcessed(consumer, eventId) {
      const now = deps.now();
      await ddb.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.consumedEvent(consumer, eventId),
            entity: 'consumedEvent',
            at: new Date(now).toISOString(),
            expiresAt: epochSeconds(now) + PROCESSED_MARKER_TTL_SECONDS,
          },
        }),
      );
    },

    async park(consumer, event, error, attempts) {
      const now = deps.now();
      const id = ulid(now);
      const letter: DeadLetter = {
        id,
        consumer,
        event,
        error: errorText(error),
        attempts,
        parkedAt: new Date(now).toISOString(),
        replayedAt: null,
        replayedBy: null,
      };
      const { replayedAt: _r, replayedBy: _b, ...stored } = letter;
      await ddb.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.deadLetter(id),
            ...keys.deadLetterOfConsumer(consumer, id),
            entity: 'deadLetter',
            ...stored,
            expiresAt: epochSeconds(now) + DEAD_LETTER_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return letter;
    },

    async getDeadLetter(id) {
      const { Item } = await ddb.send(
        new GetCommand({ TableName: table, Key: keys.deadLetter(id), ConsistentRead: true }),
      );
      return Item ? deadLetterOf(Item) : null;
    },

    async listDeadLetters({ consumer, cursor, limit }) {
      const query = consumer
        ? {
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.consumerDeadLettersPartition(consumer) },
          }
        : {
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.deadLetterPartition },
          };
      const start = decodeCursor(
        cursor,
        consumer
          ? {
              attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
              partition: { GSI1PK: keys.consumerDeadLettersPartition(consumer) },
            }
          : { attributes: ['PK', 'SK'], partition: { PK: keys.deadLetterPartition } },
      );
      const { Items, LastEvaluatedKey } = await ddb.send(
        new QueryCommand({
          TableName: table,
          ...query,
          ScanIndexForward: false,
          Limit: limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      return { items: (Items ?? []).map(deadLetterOf), nextCursor: encodeCursor(LastEvaluatedKey) };
    },

    async claimReplay(id, by) {
      try {
        await ddb.send(new UpdateCommand(claimItem(id, by).Update));
        return true;
      } catch (error) {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async releaseReplay(id) {
      await ddb.send(new UpdateCommand(releaseItem(id).Update));
    },

    claimReplayItem: (id, by) => claimItem(id, by),
    releaseReplayItem: (id) => releaseItem(id),
  };

  function claimItem(id: string, by: string) {
    return {
      Update: {
        TableName: table,
        Key: keys.deadLetter(id),
        UpdateExpression: 'SET replayedAt = :at, replayedBy = :by',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(replayedAt)',
        ExpressionAttributeValues: { ':at': new Date(deps.now()).toISOString(), ':by': by },
      },
    };
  }

  function releaseItem(id: string) {
    return {
      Update: {
        TableName: table,
        Key: keys.deadLetter(id),
        UpdateExpression: 'REMOVE replayedAt, replayedBy',
        ConditionExpression: 'attribute_exists(PK)',
      },
    };
  }
}
