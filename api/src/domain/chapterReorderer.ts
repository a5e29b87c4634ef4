import type { AppDeps } from '../deps.ts';
import { ValidationError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { type ChapterRecord, listChapters } from '../store/booksRepo.ts';
import { bumpBook, transact } from '../store/bookWrites.ts';
import { type GuardedBook, staleVersionError } from './bookGuard.ts';
import { renumberItems } from './chapterOrder.ts';

/**
 * Puts the chapters in the order given, which must name every chapter of the book exactly once. One
 * transaction guarded by the BOOK's version: two reorders made from the same version cannot
 * interleave; the second gets a 409 with the order the first one left.
 */
export async function reorderChapters(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  { book, memberRole, access, actorId }: GuardedBook,
  chapterIds: string[],
  expectedVersion: number,
): Promise<void> {
  if (book.version !== expectedVersion) throw await staleVersionError(deps, book.id, { memberRole, access });
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
    // 1 + at most 98 renumbered chapters (MAX_CHAPTERS_PER_BOOK) + this event: the 100-item limit.
    outboxItem(deps, {
      type: 'chapter.reordered',
      at,
      actorId,
      bookId: book.id,
      data: { chapters: chapterIds.length, version: expectedVersion + 1 },
    }),
  ]);
  if (!result.ok) throw await staleVersionError(deps, book.id, { memberRole, access });
}
