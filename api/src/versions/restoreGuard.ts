import { chapterAccessFor } from '@galley/shared/bookAccess';
import type { AppDeps } from '../deps.ts';
import { type GuardedBook, loadBookFor } from '../domain/bookGuard.ts';
import { ForbiddenError } from '../errors.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { authorize } from '../policies/authorize.ts';
import { getMembership } from '../store/booksRepo.ts';

/**
 * Loads a book for a restore from a version. A restore rewrites chapter text, so besides being one of
 * the book's writers (`editChapters`; `update` too for the whole book, which rewrites the metadata)
 * the caller needs edit access to the chapters, the level their sync token carries: a co-author the
 * owner set to comment or read may not rewrite through the api what they may not type in the editor,
 * and an admin outside the book reads it (no edit access) until they are made a member.
 */
export async function loadBookForRestore(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  auth: AuthContext,
  bookId: string,
  scope: 'chapter' | 'book',
): Promise<GuardedBook> {
  const guarded = await loadBookFor(deps, auth, bookId, 'editChapters');
  if (scope === 'book') authorize(auth, 'update', 'book', { memberRole: guarded.memberRole });
  const membership = guarded.memberRole === null ? null : await getMembership(deps, bookId, auth.sub);
  if (chapterAccessFor(guarded.memberRole, auth.roles, membership?.access) !== 'edit') {
    throw new ForbiddenError('Restoring a version needs edit access to the chapters.', 'forbidden', {
      action: 'restoreVersion',
      entity: 'book',
    });
  }
  return guarded;
}
