import { closeDeps, createDeps } from '../deps.ts';
import { loadApiEnv } from '../env.ts';
import { runSearchRebuild } from '../search/searchRebuild.ts';

/**
 * `npm run search:rebuild -w api`: rebuilds the search index from the table and the chapter documents
 * and stores it as the snapshot every api node loads. For a lost or corrupt snapshot, or after a
 * change to how books are indexed; the running indexer adopts the new snapshot
 * within 30 s (SearchServiceOptions.followEveryMs).
 */
const deps = await createDeps(loadApiEnv());
try {
  const result = await runSearchRebuild(deps);
  console.log(
    `Search index rebuilt: ${result.books} books, ${result.chapters} chapters, ${(result.bytes / 1024).toFixed(0)} kB snapshot in ${result.ms} ms`,
  );
} finally {
  await closeDeps(deps);
}
