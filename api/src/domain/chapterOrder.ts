import type { AppDeps } from '../deps.ts';
import type { ChapterRecord } from '../store/booksRepo.ts';
import type { TransactItem } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';

/**
 * Updates that give `chapters` (in their new reading order) the orders 1..n, for the chapters whose
 * order actually changes; gaps left by deletions close on the next insert or reorder.
 */
export function renumberItems(
  deps: Pick<AppDeps, 'table'>,
  bookId: string,
  chapters: ChapterRecord[],
  at: string,
): TransactItem[] {
  return chapters.flatMap((chapter, index) =>
    chapter.order === index + 1
      ? []
      : [
          {
            Update: {
              TableName: deps.table,
              Key: keys.chapter(bookId, chapter.id),
              UpdateExpression: 'SET #order = :order, updatedAt = :at, #version = #version + :one',
              // A chapter deleted meanwhile must not come back as a stub holding only an order.
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeNames: { '#order': 'order', '#version': 'version' },
              ExpressionAttributeValues: { ':order': index + 1, ':at': at, ':one': 1 },
            },
          },
        ],
  );
}
