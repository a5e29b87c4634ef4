import { closeDeps, createDeps } from '../deps.ts';
import { loadApiEnv } from '../env.ts';
import { runBooksPurge } from '../purge/booksPurgeRun.ts';

/**
 * `npm run books:purge -w api`: deletes for good the books binned more than 30 days ago, as the api
 * nodes do every BOOKS_PURGE_INTERVAL_MS. Safe beside them (one runner holds the job's lease; this run
 * then does nothing) and safe to repeat (a purge interrupted half-way is finished by the next run).
 * `--max <n>` caps the books of this run (default 25, at most 1000).
 */
const env = loadApiEnv();
const maxArg = process.argv.indexOf('--max');
const maxBooks = maxArg > 0 ? Number(process.argv[maxArg + 1]) : 25;
if (!Number.isInteger(maxBooks) || maxBooks < 1 || maxBooks > 1000) {
  console.error('--max must be a whole number from 1 to 1000');
  process.exit(1);
}
const deps = await createDeps(env);
try {
  const result = await runBooksPurge(deps, { maxBooks });
  if (!result.ran) console.log('Another purge run holds the lock; nothing done.');
  else
    console.log(
      `Purged ${result.purged.length} book(s)${result.failed.length ? `, ${result.failed.length} failed (see the log; the next run resumes them)` : ''}.`,
    );
  process.exitCode = result.failed.length > 0 ? 1 : 0;
} finally {
  await closeDeps(deps);
}
