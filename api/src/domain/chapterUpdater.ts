import type { ChapterKind } from '@galley/shared/api/books';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { presentChapter } from '../presenters/presentBook.ts';
import { type ChapterRecord, getChapter } from '../store/booksRepo.ts';
import { bumpBook, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import type { GuardedBook } from './bookGuard.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/** Renames a chapter or changes its kind if it is still at `version` (the chapter's own version). */
export async function updateChapter(
  deps: Deps,
  { book, actorId }: GuardedBook,
  chapterId: string,
  change: { title?: string | undefined; kind?: ChapterKind | undefined; version: number },
): Promise<ChapterRecord> {
  const at = new Date(deps.now()).toISOString();
  const sets = ['updatedAt = :at', '#version = #version + :one'];
  const values: Record<string, unknown> = { ':at': at, ':one': 1, ':expected': change.version };
  if (change.title !== undefined) {
    sets.push('title = :title');
    values[':title'] = change.title;
  }
  if (change.kind !== undefined) {
    sets.push('kind = :kind');
    values[':kind'] = change.kind;
  }
  const result = await transact(deps, [
    {
      Update: {
        TableName: deps.table,
        Key: keys.chapter(book.id, chapterId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: values,
      },
    },
    bumpBook(deps, book.id, at),
    outboxItem(deps, {
      type: 'chapter.updated',
      at,
      actorId,
      bookId: book.id,
      subject: { chapterId },
      data: {
        fields: [
          change.title === undefined ? [] : ['title'],
          change.kind === undefined ? [] : ['kind'],
        ].flat(),
        ...(change.title === undefined ? {} : { title: change.title }),
      },
    }),
  ]);
  if (!result.ok) {
    if (result.failedConditions.includes(1)) throw new NotFoundError('Book');
    const current = await getChapter(deps, book.id, chapterId);
    if (!current) throw new NotFoundError('Chapter');
    throw new ConflictError('The chapter was changed by someone else; review it and retry.', 'conflict', {
      current: presentChapter(current),
    });
  }
  const saved = await getChapter(deps, book.id, chapterId);
  if (!saved) throw new NotFoundError('Chapter');
  return saved;
}
