import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { isOutboxItem } from '../events/outbox.ts';
import { keys } from './keys.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'> & Partial<Pick<AppDeps, 'events'>>;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The book's META update that every write to a book (or to its chapters and members) carries in the
 * same transaction: it bumps `version` and `updatedAt`, and fails if the book is in the bin or, when
 * `expectedVersion` is given, if someone else changed the book since that version was read. This is
 * what makes two concurrent reorders (or a reorder and a chapter insert) unable to interleave.
 */
export function bumpBook(
  deps: StoreDeps,
  bookId: string,
  at: string,
  expectedVersion?: number,
): TransactItem {
  return {
    Update: {
      TableName: deps.table,
      Key: keys.book(bookId),
      UpdateExpression: 'SET #version = #version + :one, updatedAt = :at',
      ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(deletedAt)${
        expectedVersion === undefined ? '' : ' AND #version = :expected'
      }`,
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':at': at,
        ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
      },
    },
  };
}

export type TransactResult = { ok: true } | { ok: false; failedConditions: number[] };

/**
 * Runs one transaction. A failed condition is an answer (returned with the indexes of the items whose
 * condition failed), not an error. DynamoDB cancels a transaction that races another one on the same
 * item (TransactionConflict) without evaluating its conditions; that is retried, so the conditions
 * decide which of two racing writers wins rather than both failing.
 */
export async function transact(deps: StoreDeps, items: TransactItem[]): Promise<TransactResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      await deps.ddb.send(new TransactWriteCommand({ TransactItems: items }));
      // The write carried an outbox event: publish it now rather than at the dispatcher's next poll.
      if (items.some(isOutboxItem)) deps.events?.committed();
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedConditions = reasons.flatMap((reason, index) =>
        reason?.Code === 'ConditionalCheckFailed' ? [index] : [],
      );
      if (failedConditions.length > 0) return { ok: false, failedConditions };
      const raced = reasons.some((reason) => reason?.Code === 'TransactionConflict');
      if (!raced || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 10));
    }
  }
}

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
