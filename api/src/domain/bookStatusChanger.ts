import type { BookStatusFilterSchema } from '@galley/shared/api/books';
import type { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { type BookRecord, getBook } from '../store/booksRepo.ts';
import { type TransactItem, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { type GuardedBook, staleVersionError } from './bookGuard.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'> & Partial<Pick<AppDeps, 'events'>>;
export type BookStatus = z.infer<typeof BookStatusFilterSchema>;

export interface StatusChange {
  to: BookStatus;
  /** The workflow's name for the transition ('submit', 'request_changes', …): the event carries it. */
  transition: string;
  /** The book's version the transition was decided on; someone else's write since is a 409. */
  expectedVersion: number;
  /** Writes of the workflow's own (its record, deadlines, approvals) that must commit with the change. */
  also?: TransactItem[];
}

/**
 * Moves a book to another workflow state: the status, the version bump and the `book.status_changed`
 * event in one transaction, so the event exists exactly when the change does and an automatic version
 * is taken for it (versions/automaticVersions.ts). Which transitions exist and who may make them is
 * the workflow's business: this only refuses a book that changed since `expectedVersion` (or whose
 * status did), with the 409 every book write gives. No HTTP route calls it yet.
 */
export async function changeBookStatus(
  deps: Deps,
  { book, memberRole, access, actorId }: GuardedBook,
  change: StatusChange,
): Promise<BookRecord> {
  const from = book.status;
  // A transition to the same state is a bug in the caller, not a conflict a user could resolve.
  if (change.to === from) throw new Error(`The book is already ${from}.`);
  if (book.version !== change.expectedVersion) {
    throw await staleVersionError(deps, book.id, { memberRole, access });
  }
  const at = new Date(deps.now()).toISOString();
  const result = await transact(deps, [
    {
      Update: {
        TableName: deps.table,
        Key: keys.book(book.id),
        UpdateExpression: 'SET #status = :to, #version = #version + :one, updatedAt = :at',
        // The status too: a write that set it without the version (none should) must still not be
        // overwritten by a transition decided on the old state.
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(deletedAt) AND #version = :expected AND #status = :from',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':to': change.to,
          ':from': from,
          ':one': 1,
          ':at': at,
          ':expected': change.expectedVersion,
        },
      },
    },
    outboxItem(deps, {
      type: 'book.status_changed',
      at,
      actorId,
      bookId: book.id,
      data: { from, to: change.to, transition: change.transition, version: change.expectedVersion + 1 },
    }),
    ...(change.also ?? []),
  ]);
  if (!result.ok) {
    // Only the book's condition is ours; a failed condition of the workflow's own writes is theirs to explain.
    if (!result.failedConditions.includes(0)) throw new StatusChangeRefusedError(result.failedConditions);
    throw await staleVersionError(deps, book.id, { memberRole, access });
  }
  const saved = await getBook(deps, book.id, { consistent: true });
  if (!saved) throw new NotFoundError('Book');
  return saved;
}

/**
 * The book was as expected but a condition on one of the caller's `also` writes failed; `failed` are
 * their indexes in `also`. The caller knows what its conditions mean and turns this into its own error.
 */
export class StatusChangeRefusedError extends Error {
  readonly failed: number[];
  constructor(failedConditions: number[]) {
    super('A condition of the workflow write failed; the status was not changed.');
    this.name = 'StatusChangeRefusedError';
    // The book's update and the event come first in the transaction.
    this.failed = failedConditions.map((index) => index - 2);
  }
}
