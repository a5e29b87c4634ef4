import {
  type BookDetail,
  BookDetailSchema,
  type ChapterKind,
  ChapterSummarySchema,
} from '@galley/shared/api/books';
import { ErrorCode } from '@galley/shared/errors';

/**
 * Chapter writes that wait in the outbox like the book's own: rename or change kind, reorder, delete.
 * Each says what it was made on (a version, the order it started from) so that, when someone else
 * wrote first, the outbox can tell a harmless overlap (re-apply silently) from a real conflict.
 */
export type ChapterPatch = { title?: string; kind?: ChapterKind };

export type ChapterOp =
  | {
      kind: 'updateChapter';
      bookId: string;
      chapterId: string;
      patch: ChapterPatch;
      /** The CHAPTER's version the change was made on (the api guards renames by it). */
      baseVersion: number;
      /** The changed fields' values before the change. */
      base: ChapterPatch;
    }
  | {
      kind: 'reorderChapters';
      bookId: string;
      /** Every chapter, in the new order. */
      chapterIds: string[];
      /** The BOOK's version the order was made on; sent as If-Match. */
      baseVersion: number;
      /** The order it started from, to tell whether someone else reordered meanwhile. */
      base: string[];
      /** Titles by id, to show the orders to a person if they conflict. */
      titles: Record<string, string>;
    }
  | { kind: 'deleteChapter'; bookId: string; chapterId: string; title: string };

export function chapterRequestOf(op: ChapterOp): {
  method: 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body: unknown;
  ifMatch?: number;
} {
  const book = `/api/books/${encodeURIComponent(op.bookId)}`;
  switch (op.kind) {
    case 'updateChapter':
      return {
        method: 'PATCH',
        path: `${book}/chapters/${encodeURIComponent(op.chapterId)}`,
        body: { ...op.patch, version: op.baseVersion },
      };
    case 'reorderChapters':
      return {
        method: 'PUT',
        path: `${book}/chapters/order`,
        body: { chapterIds: op.chapterIds },
        ifMatch: op.baseVersion,
      };
    case 'deleteChapter':
      return {
        method: 'DELETE',
        path: `${book}/chapters/${encodeURIComponent(op.chapterId)}`,
        body: undefined,
      };
  }
}

/** The chapter ids of a book in reading order. */
export const readingOrder = (book: BookDetail): string[] =>
  [...book.chapters].sort((a, b) => a.order - b.order).map((chapter) => chapter.id);

/**
 * `wanted` laid over the chapters that exist now (`present`, in their order): ids that are gone are
 * dropped, and chapters `wanted` does not name keep their place after the chapter they follow now.
 * So a reorder made offline still applies after someone else added or removed a chapter.
 */
export function reconcileOrder(wanted: readonly string[], present: readonly string[]): string[] {
  const here = new Set(present);
  const result = wanted.filter((id) => here.has(id));
  const named = new Set(result);
  present.forEach((id, index) => {
    if (named.has(id)) return;
    const before = index === 0 ? -1 : result.indexOf(present[index - 1] as string);
    result.splice(before + 1, 0, id);
    named.add(id);
  });
  return result;
}

const sameOrder = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, index) => b[index] === id);

/** The book with the chapter write applied, as the user should see it before the server answers. */
export function withPendingChapterOp(book: BookDetail, op: ChapterOp): BookDetail {
  switch (op.kind) {
    case 'updateChapter':
      return {
        ...book,
        chapters: book.chapters.map((chapter) =>
          chapter.id === op.chapterId
            ? // The version moves as the server's will, so a second rename queued after this one is made on it.
              { ...chapter, ...op.patch, version: Math.max(chapter.version, op.baseVersion + 1) }
            : chapter,
        ),
      };
    case 'reorderChapters': {
      const order = reconcileOrder(op.chapterIds, readingOrder(book));
      return {
        ...book,
        chapters: book.chapters.map((chapter) => ({ ...chapter, order: order.indexOf(chapter.id) + 1 })),
      };
    }
    case 'deleteChapter':
      return { ...book, chapters: book.chapters.filter((chapter) => chapter.id !== op.chapterId) };
  }
}

export interface Refusal {
  status: number;
  code: string;
  details: unknown;
}

export type RefusalOutcome =
  /** What the write wanted is already so: nothing left to send. */
  | { action: 'drop' }
  /** Someone else's change does not touch mine: send this instead. */
  | { action: 'retry'; op: ChapterOp }
  /** Both changed the same thing: the user chooses. */
  | { action: 'conflict'; current: BookDetail; mine: string[]; theirs: string[] }
  /** Refused for good: shown with this message until the user discards it. */
  | { action: 'fail'; message: string }
  /** Not a chapter-specific refusal: the outbox's general handling applies. */
  | { action: 'other' };

/** How a chapter write the api refused should go on; `mayRetry` is false once silent retries ran out. */
export function chapterRefusal(op: ChapterOp, error: Refusal, mayRetry: boolean): RefusalOutcome {
  if (op.kind === 'deleteChapter') {
    // Already gone (an earlier send whose answer was lost, or someone else deleted it).
    return error.status === 404 ? { action: 'drop' } : { action: 'other' };
  }
  if (error.status !== 409 || error.code !== ErrorCode.conflict) return { action: 'other' };
  const current = (error.details as { current?: unknown } | undefined)?.current;
  return op.kind === 'updateChapter'
    ? renameRefusal(op, current, mayRetry)
    : reorderRefusal(op, current, mayRetry);
}

function renameRefusal(
  op: Extract<ChapterOp, { kind: 'updateChapter' }>,
  current: unknown,
  mayRetry: boolean,
): RefusalOutcome {
  const parsed = ChapterSummarySchema.safeParse(current);
  if (!parsed.success) return { action: 'other' };
  const theirs = parsed.data;
  const fields = Object.keys(op.patch) as (keyof ChapterPatch)[];
  if (fields.every((field) => theirs[field] === op.patch[field])) return { action: 'drop' };
  const clash = fields.find((field) => theirs[field] !== op.base[field] && theirs[field] !== op.patch[field]);
  if (!clash && mayRetry) return { action: 'retry', op: { ...op, baseVersion: theirs.version } };
  return {
    action: 'fail',
    message:
      clash === 'title'
        ? `someone else renamed this chapter “${theirs.title}” meanwhile. Discard your change and rename it again if you still want to.`
        : 'someone else changed this chapter meanwhile. Discard your change and make it again if you still want to.',
  };
}

function reorderRefusal(
  op: Extract<ChapterOp, { kind: 'reorderChapters' }>,
  current: unknown,
  mayRetry: boolean,
): RefusalOutcome {
  const parsed = BookDetailSchema.safeParse(current);
  if (!parsed.success) return { action: 'other' };
  const book = parsed.data;
  const present = readingOrder(book);
  const mine = reconcileOrder(op.chapterIds, present);
  if (sameOrder(mine, present)) return { action: 'drop' };
  // They changed something else (a title, a new chapter at the end): my order still applies on theirs.
  if (sameOrder(reconcileOrder(op.base, present), present) && mayRetry) {
    return { action: 'retry', op: reorderOnto(op, book) };
  }
  const titleOf = (id: string) =>
    book.chapters.find((chapter) => chapter.id === id)?.title ?? op.titles[id] ?? id;
  return { action: 'conflict', current: book, mine: mine.map(titleOf), theirs: present.map(titleOf) };
}

/** My order, re-made on the book as it is now (the user chose "keep mine", or nothing clashed). */
export function reorderOnto(
  op: Extract<ChapterOp, { kind: 'reorderChapters' }>,
  book: BookDetail,
): Extract<ChapterOp, { kind: 'reorderChapters' }> {
  const present = readingOrder(book);
  return {
    ...op,
    chapterIds: reconcileOrder(op.chapterIds, present),
    baseVersion: book.version,
    base: present,
  };
}
