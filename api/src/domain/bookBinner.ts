import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { ConflictError, GoneError } from '../errors.ts';
import { type BookRecord, isDeleted } from '../store/booksRepo.ts';
import { isConditionFailure } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { type GuardedBook, staleVersionError } from './bookGuard.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/** How long a binned book can be restored. Purging books past it is a later background job. */
export const RESTORE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Moves a book to the bin: it keeps its status, chapters and members, but disappears from lists and
 * from GET (except for its owner with includeDeleted) until restored. `expectedVersion` is checked
 * when the client sent one.
 */
export async function binBook(
  deps: Deps,
  guarded: GuardedBook,
  expectedVersion?: number,
): Promise<BookRecord> {
  const { book, memberRole } = guarded;
  if (expectedVersion !== undefined && book.version !== expectedVersion) {
    throw await staleVersionError(deps, book.id, memberRole);
  }
  const at = new Date(deps.now()).toISOString();
  try {
    return await update(deps, book.id, {
      UpdateExpression: 'SET deletedAt = :at, updatedAt = :at, #version = #version + :one',
      ConditionExpression:
        'attribute_exists(PK) AND attribute_not_exists(deletedAt) AND #version = :expected',
      ExpressionAttributeValues: { ':at': at, ':one': 1, ':expected': book.version },
    });
  } catch (error) {
    if (isConditionFailure(error)) throw await staleVersionError(deps, book.id, memberRole);
    throw error;
  }
}

/** Takes a book out of the bin within RESTORE_WINDOW_MS of its deletion; after that it is 410 gone. */
export async function restoreBook(deps: Deps, { book }: GuardedBook): Promise<BookRecord> {
  if (!isDeleted(book)) throw new ConflictError('The book is not in the bin.');
  const deletedAt = book.deletedAt as string;
  if (deps.now() - Date.parse(deletedAt) > RESTORE_WINDOW_MS) {
    throw new GoneError('The book was deleted more than 30 days ago and can no longer be restored.');
  }
  try {
    return await update(deps, book.id, {
      UpdateExpression: 'REMOVE deletedAt SET updatedAt = :at, #version = #version + :one',
      // Guards against a second restore (or a re-delete) racing this one.
      ConditionExpression: 'deletedAt = :deletedAt',
      ExpressionAttributeValues: {
        ':at': new Date(deps.now()).toISOString(),
        ':one': 1,
        ':deletedAt': deletedAt,
      },
    });
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError('The book was restored or changed meanwhile.');
    throw error;
  }
}

async function update(
  deps: Deps,
  bookId: string,
  expression: {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  },
): Promise<BookRecord> {
  const { Attributes } = await deps.ddb.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: keys.book(bookId),
      ...expression,
      ExpressionAttributeNames: { '#version': 'version' },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const { PK: _pk, SK: _sk, entity: _entity, ...rest } = Attributes ?? {};
  return rest as unknown as BookRecord;
}
