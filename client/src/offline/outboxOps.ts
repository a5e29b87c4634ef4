import {
  type BookDetail,
  BookDetailSchema,
  type BookUpdateRequest,
  type ChapterKind,
  ChapterWriteResponseSchema,
} from '@galley/shared/api/books';
import { type ChapterOp, chapterRequestOf, withPendingChapterOp } from './chapterOps.ts';

/**
 * Writes the client makes against the api, as data: they wait in the outbox (IndexedDB) while the
 * device is offline and replay in order when it is back. Each carries what a conflict needs to be
 * shown to a person: the values the edit started from.
 */
export type BookPatch = Omit<BookUpdateRequest, 'version'>;

export type OutboxOp =
  | {
      kind: 'updateBook';
      bookId: string;
      patch: BookPatch;
      /** The book version the edit was made on; sent as If-Match. */
      baseVersion: number;
      /** The changed fields' values before the edit (to tell a real conflict from a mere version bump). */
      base: Partial<Record<keyof BookPatch, unknown>>;
    }
  | {
      kind: 'createChapter';
      bookId: string;
      /** Chosen on the device, so the new chapter's document can be written to before the server knows it. */
      chapterId: string;
      title: string;
      chapterKind: ChapterKind;
    }
  | ChapterOp;

export interface OutboxRequest {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body: unknown;
  ifMatch?: number;
}

export function requestOf(op: OutboxOp): OutboxRequest {
  const book = `/api/books/${encodeURIComponent(op.bookId)}`;
  switch (op.kind) {
    case 'updateBook':
      return { method: 'PATCH', path: book, body: op.patch, ifMatch: op.baseVersion };
    case 'createChapter':
      return {
        method: 'POST',
        path: `${book}/chapters`,
        body: { id: op.chapterId, title: op.title, kind: op.chapterKind },
      };
    default:
      return chapterRequestOf(op);
  }
}

/**
 * Our own successful write moved the book from `before` to `after`: queued edits made on `before`
 * were made on what is now `after` (nothing else happened in between), so they move along. Edits
 * based on anything else stay put and meet the server's 409 if someone else wrote meanwhile.
 */
export function rebaseOnOwnWrite(op: OutboxOp, bookId: string, before: number, after: number): OutboxOp {
  // Chapter renames carry the chapter's version, which only changes with the chapter (see chapterOps).
  if (op.kind !== 'updateBook' && op.kind !== 'reorderChapters') return op;
  if (op.bookId !== bookId || op.baseVersion !== before) return op;
  return { ...op, baseVersion: after };
}

export interface FieldConflict {
  /** A metadata field, or the chapters' reading order. */
  field: keyof BookPatch | 'chapterOrder';
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

/**
 * Which of my changed fields someone else changed too, given the book as the server has it now.
 * Empty means their change touched other fields: mine can be re-applied on their version safely.
 */
export function fieldConflicts(
  op: Extract<OutboxOp, { kind: 'updateBook' }>,
  current: BookDetail,
): FieldConflict[] {
  const conflicts: FieldConflict[] = [];
  for (const [field, mine] of Object.entries(op.patch) as [keyof BookPatch, unknown][]) {
    const theirs = (current as Record<string, unknown>)[field] ?? null;
    const base = op.base[field] ?? null;
    if (!sameValue(theirs, base) && !sameValue(theirs, mine)) conflicts.push({ field, base, mine, theirs });
  }
  return conflicts;
}

/** The book as the api answered a write: alone, or beside the chapter the write made or changed. */
export function bookOfAnswer(op: OutboxOp, answer: unknown): BookDetail {
  return op.kind === 'createChapter' || op.kind === 'updateChapter'
    ? ChapterWriteResponseSchema.parse(answer).book
    : BookDetailSchema.parse(answer);
}

/** The book as the user should see it: the server's copy with their queued edits on top. */
export function withPendingOps(book: BookDetail, ops: readonly OutboxOp[]): BookDetail {
  let view = book;
  for (const op of ops) {
    if (op.bookId !== book.id) continue;
    if (op.kind === 'updateBook') {
      view = { ...view, ...(op.patch as Partial<BookDetail>) };
    } else if (op.kind !== 'createChapter') {
      view = withPendingChapterOp(view, op);
    } else if (!view.chapters.some((chapter) => chapter.id === op.chapterId)) {
      const order = Math.max(0, ...view.chapters.map((chapter) => chapter.order)) + 1;
      view = {
        ...view,
        chapters: [
          ...view.chapters,
          { id: op.chapterId, title: op.title, kind: op.chapterKind, order, version: 1 },
        ],
      };
    }
  }
  return view;
}

/** Structural equality for JSON values (metadata fields are strings, numbers, arrays and plain objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value === undefined ? null : value;
}
