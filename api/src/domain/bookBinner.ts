import type { AppDeps } from '../deps.ts';
import { ConflictError, GoneError, NotFoundError } from '../errors.ts';
import { type NewDomainEvent, outboxItem } from '../events/outbox.ts';
import { type BookRecord, getBook, isDeleted } from '../store/booksRepo.ts';
import { transact } from '../store/bookWrites.ts';
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
  const { book, actorId } = guarded;
  if (expectedVersion !== undefined && book.version !== expectedVersion) {
    throw await staleVersionError(deps, book.id, guarded);
  }
  const at = new Date(deps.now()).toISOString();
  const binned = await update(
    deps,
    book.id,
    {
      // GSI2 lists binned books oldest first, for the purge job (api/src/purge).
      UpdateExpression:
        'SET deletedAt = :at, updatedAt = :at, #version = #version + :one, GSI2PK = :bin, GSI2SK = :binnedAt',
      ConditionExpression:
        'attribute_exists(PK) AND attribute_not_exists(deletedAt) AND #version = :expected',
      ExpressionAttributeValues: {
        ':at': at,
        ':one': 1,
        ':expected': book.version,
        ':bin': keys.binPartition,
        ':binnedAt': keys.binnedBook(at, book.id).GSI2SK,
      },
    },
    { type: 'book.binned', at, actorId, bookId: book.id },
  );
  if (!binned) throw await staleVersionError(deps, book.id, guarded);
  return binned;
}

/** Takes a book out of the bin within RESTORE_WINDOW_MS of its deletion; after that it is 410 gone. */
export async function restoreBook(deps: Deps, { book, actorId }: GuardedBook): Promise<BookRecord> {
  if (!isDeleted(book)) throw new ConflictError('The book is not in the bin.');
  const deletedAt = book.deletedAt as string;
  if (deps.now() - Date.parse(deletedAt) > RESTORE_WINDOW_MS) {
    throw new GoneError('The book was deleted more than 30 days ago and can no longer be restored.');
  }
  const at = new Date(deps.now()).toISOString();
  const restored = await update(
    deps,
    book.id,
    {
      UpdateExpression: 'REMOVE deletedAt, GSI2PK, GSI2SK SET updatedAt = :at, #version = #version + :one',
      // Guards against a second restore (or a re-delete) racing this one.
      ConditionExpression: 'deletedAt = :deletedAt',
      ExpressionAttributeValues: { ':at': at, ':one': 1, ':deletedAt': deletedAt },
    },
    { type: 'book.restored', at, actorId, bookId: book.id },
  );
  if (!restored) throw new ConflictError('The book was restored or changed meanwhile.');
  return restored;
}

/** The conditional update and its event in one transaction; null when the condition failed. */
async function update(
  deps: Deps,
  bookId: string,
  expression: {
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  },
  event: NewDomainEvent,
): Promise<BookRecord | null> {
  const result = await transact(deps, [
    {
      Update: {
        TableName: deps.table,
        Key: keys.book(bookId),
        ...expression,
        ExpressionAttributeNames: { '#version': 'version' },
      },
    },
    outboxItem(deps, event),
  ]);
  if (!result.ok) return null;
  // A transaction returns no attributes: read the book back (at least as new as this write).
  const saved = await getBook(deps, bookId, { consistent: true });
  if (!saved) throw new NotFoundError('Book');
  return saved;
}
