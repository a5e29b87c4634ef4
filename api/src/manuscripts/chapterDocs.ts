import { chapterDocName } from '@galley/shared/sync/protocol';
import type { DocStorage } from '@galley/sync-server/storage/docStorage';
import { createDynamoDocStorage } from '@galley/sync-server/storage/dynamoDocStorage';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';

/** The sync server's storage, read by the api (same table, the docs bucket) for what editors saved. */
export function chapterStorageFor(deps: Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env'>): DocStorage {
  return createDynamoDocStorage({
    ddb: deps.ddb,
    s3: deps.s3,
    table: deps.table,
    bucket: deps.env.S3_DOCS_BUCKET,
  });
}

/** A chapter's merged state (latest snapshot + the log after it) as a Y.Doc the caller owns. */
export async function loadChapterDoc(storage: DocStorage, bookId: string, chapterId: string): Promise<Y.Doc> {
  const loaded = await storage.load(chapterDocName(bookId, chapterId));
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
