import type { ChapterKind } from '@galley/shared/api/books';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { presentChapter } from '../presenters/presentBook.ts';
import { type ChapterRecord, getChapter, listChapters } from '../store/booksRepo.ts';
import { bumpBook, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { type GuardedBook, staleVersionError } from './bookGuard.ts';
import { renumberItems } from './chapterOrder.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/** Renames a chapter or changes its kind if it is still at `version` (the chapter's own version). */
export async function updateChapter(
  deps: Deps,
  { book }: GuardedBook,
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

/** Removes a chapter from the book's structure. Its Y.Doc content is left to the sync server's storage. */
export async function deleteChapter(deps: Deps, { book }: GuardedBook, chapterId: string): Promise<void> {
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
  ]);
  if (!result.ok) throw new NotFoundError(result.failedConditions.includes(1) ? 'Book' : 'Chapter');
}

/**
 * Puts the chapters in the order given, which must name every chapter of the book exactly once. One
 * transaction guarded by the BOOK's version: two reorders made from the same version cannot
 * interleave; the second gets a 409 with the order the first one left.
 */
export async function reorderChapters(
  deps: Deps,
  { book, memberRole }: GuardedBook,
  chapterIds: string[],
  expectedVersion: number,
): Promise<void> {
  if (book.version !== expectedVersion) throw await staleVersionError(deps, book.id, memberRole);
  const chapters = await listChapters(deps, book.id, { consistent: true });
  const byId = new Map(chapters.map((chapter) => [chapter.id, chapter]));
  const sameSet =
    chapterIds.length === chapters.length &&
    new Set(chapterIds).size === chapterIds.length &&
    chapterIds.every((id) => byId.has(id));
  if (!sameSet) {
    throw ValidationError.field(
      'chapterIds',
      'must list every chapter of the book exactly once',
      'chapter_set_mismatch',
    );
  }
  const at = new Date(deps.now()).toISOString();
  const ordered = chapterIds.map((id) => byId.get(id) as ChapterRecord);
  const result = await transact(deps, [
    bumpBook(deps, book.id, at, expectedVersion),
    ...renumberItems(deps, book.id, ordered, at),
  ]);
  if (!result.ok) throw await staleVersionError(deps, book.id, memberRole);
}
