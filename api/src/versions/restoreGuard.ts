import type { AppDeps } from '../deps.ts';
import { type GuardedBook, loadBookFor } from '../domain/bookGuard.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { authorize } from '../policies/authorize.ts';

/**
 * Loads a book for a restore from a version. A restore rewrites chapter text, so the caller must be
 * one of the book's writers with edit access to the chapters (`editChapters`, which loadBookFor checks
 * against the level their sync token carries: a co-author set to comment or read, or an admin outside
 * the book, may not); the whole book also rewrites the metadata, so it needs `update` as well.
 */
export async function loadBookForRestore(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  auth: AuthContext,
  bookId: string,
  scope: 'chapter' | 'book',
): Promise<GuardedBook> {
  const guarded = await loadBookFor(deps, auth, bookId, 'editChapters');
  if (scope === 'book') authorize(auth, 'update', 'book', { memberRole: guarded.memberRole });
  return guarded;
}
