import type { BookMemberRole } from '@galley/shared/api/books';
import { chapterAccessFor } from '@galley/shared/bookAccess';
import { type BookAction, can } from '@galley/shared/permissions';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import type { AppDeps } from '../deps.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { actorOf, authorize } from '../policies/authorize.ts';
import { type BookViewer, presentBookDetail } from '../presenters/presentBook.ts';
import { type BookRecord, getBook, getMembership, isDeleted, listChapters } from '../store/booksRepo.ts';

export interface GuardedBook {
  book: BookRecord;
  memberRole: BookMemberRole | null;
  /** The caller's access to the chapters, the level their sync token carries (see chapterAccessFor). */
  access: SyncAccess | null;
  /** Who loaded it to act on it: the actor of the events the write emits. */
  actorId?: string;
}

/**
 * Loads a book for `action` by the caller. Someone who may not read the book, or a book in the bin
 * (unless `includeDeleted` and the caller may see the bin), is a 404 exactly like a missing book, so
 * ids reveal nothing; a reader who may not do `action` is a 403.
 */
export async function loadBookFor(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  auth: AuthContext,
  bookId: string,
  action: BookAction,
  options: { includeDeleted?: boolean } = {},
): Promise<GuardedBook> {
  const [book, membership] = await Promise.all([
    getBook(deps, bookId, { consistent: true }),
    getMembership(deps, bookId, auth.sub),
  ]);
  const memberRole = membership?.role ?? null;
  const actor = actorOf(auth);
  if (!book || !can(actor, 'read', 'book', { memberRole })) throw new NotFoundError('Book');
  if (isDeleted(book) && !(options.includeDeleted && can(actor, 'readDeleted', 'book', { memberRole }))) {
    throw new NotFoundError('Book');
  }
  authorize(auth, action, 'book', { memberRole });
  // As on the sync token: a book in the bin is closed for editing until it is restored.
  const access = isDeleted(book) ? null : chapterAccessFor(memberRole, auth.roles, membership?.access);
  // Adding, renaming, moving or deleting chapters (and their media, imports, saved versions) changes
  // the manuscript, so it takes the same edit access the sync token needs to type in it: a co-author
  // set to comment or read may not delete through the api what the editor will not let them change,
  // and an admin outside the book only reads it until made a member.
  if (action === 'editChapters' && access !== 'edit') {
    throw new ForbiddenError('Changing chapters needs edit access to them.', 'forbidden', {
      action,
      entity: 'book',
    });
  }
  return { book, memberRole, access, actorId: auth.sub };
}

/**
 * The 409 for a write made against an old version: `details.current` is the book as it is now (as
 * the caller would GET it), so the client can show what changed and retry on top of it.
 */
export async function staleVersionError(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  bookId: string,
  viewer: BookViewer,
): Promise<ConflictError | NotFoundError> {
  const [book, chapters] = await Promise.all([
    getBook(deps, bookId, { consistent: true }),
    listChapters(deps, bookId, { consistent: true }),
  ]);
  if (!book || isDeleted(book)) return new NotFoundError('Book');
  return new ConflictError(
    'The book was changed by someone else; review the current version and retry.',
    'conflict',
    {
      current: presentBookDetail(book, viewer, chapters),
    },
  );
}
