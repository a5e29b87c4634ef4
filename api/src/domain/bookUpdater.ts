import type { BookUpdateRequest } from '@galley/shared/api/books';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { type BookRecord, getBook } from '../store/booksRepo.ts';
import { transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import type { GuardedBook } from './bookGuard.ts';
import { staleVersionError } from './bookGuard.ts';
import { writableFields } from './bookMetadataFields.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/**
 * Changes the fields present in `patch` if the book is still at `expectedVersion`: one conditional
 * update, so of two writers holding the same version exactly one wins and the other gets a 409 with
 * the book as the winner left it. Nested values (contributors, subjects, series) are replaced whole.
 * The `book.updated` event is written in the same transaction, so only the winner emits one.
 */
export async function updateBook(
  deps: Deps,
  { book, memberRole, access, actorId }: GuardedBook,
  patch: Omit<BookUpdateRequest, 'version'>,
  expectedVersion: number,
): Promise<BookRecord> {
  if (book.version !== expectedVersion) throw await staleVersionError(deps, book.id, { memberRole, access });
  const fields = writableFields(patch);
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':expected': expectedVersion,
    ':one': 1,
    ':at': new Date(deps.now()).toISOString(),
  };
  const at = values[':at'] as string;
  const sets = ['#version = #version + :one', '#updatedAt = :at'];
  Object.entries(fields).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    sets.push(`#f${index} = :f${index}`);
  });
  const changed = Object.keys(fields);
  const result = await transact(deps, [
    {
      Update: {
        TableName: deps.table,
        Key: keys.book(book.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(deletedAt) AND #version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    outboxItem(deps, {
      type: 'book.updated',
      at,
      actorId,
      bookId: book.id,
      data: {
        fields: changed,
        version: expectedVersion + 1,
        ...(changed.includes('title') ? { title: fields.title } : {}),
      },
    }),
  ]);
  if (!result.ok) throw await staleVersionError(deps, book.id, { memberRole, access });
  // A transaction returns no attributes: read the book back (at least as new as this write).
  const saved = await getBook(deps, book.id, { consistent: true });
  if (!saved) throw new NotFoundError('Book');
  return saved;
}
