import type { AppDeps } from '../deps.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { MiniSearchIndex } from './miniSearchIndex.ts';
import { rebuildIndex } from './searchIndexer.ts';
import { saveSearchSnapshot } from './searchSnapshots.ts';

/**
 * Builds the index from nothing (every book in the table, every chapter's stored text) and replaces
 * the snapshot with it. The indexing node notices the new snapshot within 30 s (its ETag is not
 * the one it wrote), loads it and reconciles, so a rebuild takes effect without a restart.
 */
export async function runSearchRebuild(
  deps: AppDeps,
): Promise<{ books: number; chapters: number; bytes: number; ms: number }> {
  const started = performance.now();
  const index = new MiniSearchIndex();
  const counts = await rebuildIndex(deps, chapterStorageFor(deps), index);
  const { bytes } = await saveSearchSnapshot(deps, index);
  return { ...counts, bytes, ms: Math.round(performance.now() - started) };
}
