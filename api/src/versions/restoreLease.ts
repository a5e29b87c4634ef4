import { ErrorCode } from '@galley/shared/errors';
import type { AppDeps } from '../deps.ts';
import { ConflictError } from '../errors.ts';
import { acquireJobLease, type JobLease } from '../purge/jobLock.ts';

/**
 * Long enough for a whole book (98 chapters, four at a time, each a storage load and an append); the
 * restorer renews it between chapters, so it only matters when the node holding it dies, and then
 * the book is free again after this long.
 */
export const RESTORE_LEASE_MS = 2 * 60_000;

/**
 * One restore of a book at a time. Two restores computed against the same current text would each
 * delete it and insert the version's blocks, and both inserts would survive the merge: the chapter
 * would hold the version's text twice. So every restore (one chapter or the whole book) first takes
 * the book's lease, one conditional item (the periodic jobs' lock); whoever does not get it is told
 * with 409 `restore_in_progress` before anything is read or written.
 */
export async function takeRestoreLease(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  bookId: string,
): Promise<JobLease> {
  const lease = await acquireJobLease(deps, `restore#${bookId}`, RESTORE_LEASE_MS);
  if (!lease) {
    throw new ConflictError(
      'This book is being restored from a version by someone else right now; try again in a moment.',
      ErrorCode.restoreInProgress,
    );
  }
  return lease;
}
