import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BookUpdateRequest } from '@galley/shared/api/books';
import type { AppDeps } from '../deps.ts';
import type { BookRecord } from '../store/booksRepo.ts';
import { isConditionFailure } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import type { GuardedBook } from './bookGuard.ts';
import { staleVersionError } from './bookGuard.ts';
import { writableFields } from './bookMetadataFields.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/**
 * Changes the fields present in `patch` if the book is still at `expectedVersion`: one conditional
 * update, so of two writers holding the same version exactly one wins and the other gets a 409 with
 * the book as the winner left it. Nested values (contributors, subjects, series) are replaced whole.
 */
export async function updateBook(
  deps: Deps,
  { book, memberRole }: GuardedBook,
  patch: Omit<BookUpdateRequest, 'version'>,
  expectedVersion: number,
): Promise<BookRecord> {
  if (book.version !== expectedVersion) throw await staleVersionError(deps, book.id, memberRole);
  const fields = writableFields(patch);
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':expected': expectedVersion,
    ':one': 1,
    ':at': new Date(deps.now()).toISOString(),
  };
  const sets = ['#version = #version + :one', '#updatedAt = :at'];
  Object.entries(fields).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    sets.push(`#f${index} = :f${index}`);
  });
  try {
    const { Attributes } = await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.book(book.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(deletedAt) AND #version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return stripKeys(Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw await staleVersionError(deps, book.id, memberRole);
    throw error;
  }
}

function stripKeys(item: Record<string, unknown>): BookRecord {
  const { PK: _pk, SK: _sk, entity: _entity, ...rest } = item;
  return rest as unknown as BookRecord;
}
