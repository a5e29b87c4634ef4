import type { AppDeps } from '../deps.ts';
import { RESTORE_WINDOW_MS } from '../domain/bookBinner.ts';
import { binnedBefore } from './binnedBooks.ts';
import { purgeBook } from './bookPurger.ts';
import { acquireJobLease } from './jobLock.ts';

type Deps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now' | 'log' | 'revocations'>;

export const BOOKS_PURGE_JOB = 'books-purge';
/** Long enough for one book's purge (the lease is renewed between books), short enough to recover fast. */
const LEASE_MS = 10 * 60_000;

export interface PurgeRunResult {
  /** False when another runner held the lock: this run did nothing. */
  ran: boolean;
  purged: string[];
  failed: string[];
}

/**
 * One run of the purge job: takes the job's lease (one runner at a time across nodes and the CLI),
 * then purges up to `maxBooks` books whose restore window has passed, oldest first. A book that fails
 * is logged and left for the next run (each purge resumes where it stopped); the others go on.
 */
export async function runBooksPurge(
  deps: Deps,
  options: { maxBooks?: number } = {},
): Promise<PurgeRunResult> {
  const lease = await acquireJobLease(deps, BOOKS_PURGE_JOB, LEASE_MS);
  if (!lease) return { ran: false, purged: [], failed: [] };
  const purged: string[] = [];
  const failed: string[] = [];
  try {
    const cutoff = new Date(deps.now() - RESTORE_WINDOW_MS).toISOString();
    for (const { bookId } of await binnedBefore(deps, cutoff, options.maxBooks ?? 25)) {
      if (!(await lease.renew())) break;
      try {
        if ((await purgeBook(deps, bookId)) === 'purged') purged.push(bookId);
      } catch (error) {
        failed.push(bookId);
        deps.log.error({ err: error, bookId }, 'purging a binned book failed; the next run resumes it');
      }
    }
  } finally {
    await lease.release();
  }
  return { ran: true, purged, failed };
}

/**
 * The purge job inside the api process: a run every `intervalMs` (the first one soon after start), never
 * two at once in this process; the lease keeps other nodes out. Returns the stop function.
 */
export function startBooksPurgeSchedule(deps: Deps, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runBooksPurge(deps)
      .then((result) => {
        if (result.purged.length > 0 || result.failed.length > 0) deps.log.info(result, 'books purge run');
      })
      .catch((error) => deps.log.error({ err: error }, 'books purge run failed'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, Math.min(intervalMs, 60_000));
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
