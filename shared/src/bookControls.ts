import type { BookSummary } from './api/books.ts';
import { type Actor, can } from './permissions.ts';
import type { SyncAccess } from './sync/syncToken.ts';

type ViewedBook = Pick<BookSummary, 'role' | 'access'>;

/**
 * The caller's chapter access as the server sent it. Copies cached on the device before the server
 * sent it lack it; for those only the owner (who always edits) keeps 'edit' and everyone else gets
 * 'read', the least anyone who could open the book has: erring on hiding a control until the next
 * fetch beats offering one that answers 403.
 */
export function chapterAccessOf(book: ViewedBook): SyncAccess | null {
  if (book.access !== undefined) return book.access;
  return book.role === 'owner' ? 'edit' : 'read';
}

/**
 * Adding, renaming, re-kinding, reordering and deleting chapters, uploading and deleting media, and
 * importing into the book: the api (loadBookFor with `editChapters`) wants one of the book's writers
 * (the caller's role) with edit access to the chapters, the level their sync token carries.
 */
export function mayEditChapters(actor: Actor | null | undefined, book: ViewedBook): boolean {
  return can(actor, 'editChapters', 'book', { memberRole: book.role }) && chapterAccessOf(book) === 'edit';
}

/** Restoring a chapter from a version rewrites its text: the same rule as any chapter change. */
export function mayRestoreChapter(actor: Actor | null | undefined, book: ViewedBook): boolean {
  return mayEditChapters(actor, book);
}

/** Restoring the whole book also rewrites its metadata, so it needs `update` as well. */
export function mayRestoreBook(actor: Actor | null | undefined, book: ViewedBook): boolean {
  return mayRestoreChapter(actor, book) && can(actor, 'update', 'book', { memberRole: book.role });
}
