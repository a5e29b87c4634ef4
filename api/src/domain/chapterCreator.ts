import { type ChapterCreateRequest, MAX_CHAPTERS_PER_BOOK } from '@galley/shared/api/books';
import { ErrorCode } from '@galley/shared/errors';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { type ChapterRecord, chapterItem, getBook, isDeleted, listChapters } from '../store/booksRepo.ts';
import { bumpBook, transact } from '../store/bookWrites.ts';
import type { GuardedBook } from './bookGuard.ts';
import { renumberItems } from './chapterOrder.ts';

const ATTEMPTS = 4;

/**
 * Adds a chapter at the end or after `after`, renumbering the chapters behind it, in one transaction
 * guarded by the book version read just before: a concurrent reorder or insert makes it start over
 * from the new order instead of writing two chapters at the same place.
 */
export async function createChapter(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  { book: loaded, actorId }: GuardedBook,
  request: ChapterCreateRequest,
): Promise<ChapterRecord> {
  let book = loaded;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) {
      const fresh = await getBook(deps, book.id, { consistent: true });
      if (!fresh || isDeleted(fresh)) throw new NotFoundError('Book');
      book = fresh;
    }
    const chapters = await listChapters(deps, book.id, { consistent: true });
    if (chapters.length >= MAX_CHAPTERS_PER_BOOK) {
      throw new ConflictError(
        `A book holds at most ${MAX_CHAPTERS_PER_BOOK} chapters.`,
        ErrorCode.chapterLimitReached,
      );
    }
    if (request.id !== undefined && chapters.some((c) => c.id === request.id)) {
      throw new ConflictError('This book already has a chapter with that id.', ErrorCode.chapterExists);
    }
    const at = new Date(deps.now()).toISOString();
    const chapter: ChapterRecord = {
      id: request.id ?? ulid(),
      bookId: book.id,
      title: request.title,
      kind: request.kind,
      order: 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const afterIndex =
      request.after === undefined ? chapters.length - 1 : chapters.findIndex((c) => c.id === request.after);
    if (afterIndex === -1 && request.after !== undefined) {
      throw ValidationError.field('after', 'is not a chapter of this book', 'unknown_chapter');
    }
    const reordered = [...chapters.slice(0, afterIndex + 1), chapter, ...chapters.slice(afterIndex + 1)];
    chapter.order = afterIndex + 2;
    const result = await transact(deps, [
      bumpBook(deps, book.id, at, book.version),
      {
        Put: {
          TableName: deps.table,
          Item: chapterItem(chapter),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      // The new chapter already has its place, so only the chapters behind it are renumbered.
      ...renumberItems(deps, book.id, reordered, at),
      // At most 1 + 1 + 97 items above (MAX_CHAPTERS_PER_BOOK), so the event fits the 100-item limit.
      outboxItem(deps, {
        type: 'chapter.created',
        at,
        actorId,
        bookId: book.id,
        subject: { chapterId: chapter.id },
        data: { title: chapter.title, order: chapter.order },
      }),
    ]);
    if (result.ok) return chapter;
  }
  throw new ConflictError('The book kept changing while the chapter was added; try again.');
}
