import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { bumpBook, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import type { GuardedBook } from './bookGuard.ts';

/** Removes a chapter from the book's structure. Its Y.Doc content is left to the sync server's storage. */
export async function deleteChapter(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  { book, actorId }: GuardedBook,
  chapterId: string,
): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  const result = await transact(deps, [
    {
      Delete: {
        TableName: deps.table,
        Key: keys.chapter(book.id, chapterId),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
    bumpBook(deps, book.id, at),
    outboxItem(deps, { type: 'chapter.deleted', at, actorId, bookId: book.id, subject: { chapterId } }),
  ]);
  if (!result.ok) throw new NotFoundError(result.failedConditions.includes(1) ? 'Book' : 'Chapter');
}
