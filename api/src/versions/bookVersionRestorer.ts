import type { VersionRestoreResult } from '@galley/shared/api/versions';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { encodeFanout } from '@galley/sync-server/fanout/fanout';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { chapterStorageFor, loadChapterDoc, mapBounded } from '../manuscripts/chapterDocs.ts';
import { listChapters } from '../store/booksRepo.ts';
import { transact } from '../store/bookWrites.ts';
import { restoreUpdate } from './restoreUpdate.ts';
import { getVersionRecord, readVersionChapterState } from './versionStore.ts';

type RestoreDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now' | 'redis' | 'log'>;

const CHAPTER_CONCURRENCY = 4;

/**
 * Restores one chapter (or every chapter the book still has) to a version's text, as a new entry
 * in each chapter's update log. Chapters the version has but the book no longer has are listed, not
 * recreated. Book metadata is not restored.
 */
export async function restoreBookVersion(
  deps: RestoreDeps,
  bookId: string,
  versionId: string,
  options: { chapterId?: string | undefined; by: string },
): Promise<VersionRestoreResult> {
  const [version, current] = await Promise.all([
    getVersionRecord(deps, bookId, versionId),
    listChapters(deps, bookId, { consistent: true }),
  ]);
  if (!version) throw new NotFoundError('Version');
  const inBook = new Set(current.map((c) => c.id));
  let targets = version.chapters.map((c) => c.id);
  if (options.chapterId !== undefined) {
    if (!targets.includes(options.chapterId)) throw new NotFoundError('Chapter');
    if (!inBook.has(options.chapterId)) {
      throw new ConflictError(
        'This chapter was deleted from the book after the version was taken; add a chapter and copy the text from the version instead.',
        'chapter_missing',
        { chapterId: options.chapterId },
      );
    }
    targets = [options.chapterId];
  }
  const missingChapters = targets.filter((id) => !inBook.has(id));
  const chapters = await mapBounded(
    targets.filter((id) => inBook.has(id)),
    CHAPTER_CONCURRENCY,
    async (chapterId) => {
      const versionState = await readVersionChapterState(deps, version, chapterId);
      return { chapterId, ...(await restoreChapter(deps, bookId, chapterId, versionState, options.by)) };
    },
  );
  const restored = chapters.filter((chapter) => chapter.outcome === 'restored').map((c) => c.chapterId);
  if (restored.length > 0) {
    // The restored text went into each chapter's update log (the sync server's storage), which has no
    // transaction with the table: this event follows it, so a crash right between loses the event
    // (never invents one). Chapter text edits have no outbox at all; consumers watch the logs for those.
    await transact(deps, [
      outboxItem(deps, {
        type: 'version.restored',
        at: new Date(deps.now()).toISOString(),
        actorId: options.by,
        bookId,
        subject: { versionId },
        data: { chapterIds: restored, missingChapters: missingChapters.length },
      }),
    ]);
  }
  return { versionId, chapters, missingChapters };
}

async function restoreChapter(
  deps: RestoreDeps,
  bookId: string,
  chapterId: string,
  versionState: Uint8Array,
  by: string,
): Promise<{ outcome: 'restored' | 'unchanged'; seq: number | null }> {
  const storage = chapterStorageFor(deps);
  const docName = chapterDocName(bookId, chapterId);
  const doc = await loadChapterDoc(storage, bookId, chapterId);
  const restore = restoreUpdate(Y.encodeStateAsUpdate(doc), versionState);
  doc.destroy();
  if (!restore) return { outcome: 'unchanged', seq: null };
  // Who wrote the restored text is recorded before the text exists, so no comparison sees it unnamed.
  await storage.recordAuthors(docName, by, [restore.clientId]);
  const seq = await storage.append(docName, restore.update);
  announceToOpenRooms(deps, docName, restore.update);
  return { outcome: 'restored', seq };
}

/**
 * Rooms already open on some sync node hold the document in memory and read the log only when they
 * load (or catch up): with Redis, the update goes out on the documents' fan-out channel, where every
 * node applies it and passes it to its editors without storing it again (it is stored). Without
 * Redis there is no channel to an open room: see the versions README section in the report.
 */
function announceToOpenRooms(deps: RestoreDeps, docName: string, update: Uint8Array): void {
  if (!deps.redis) return;
  const channel = `${deps.env.REDIS_KEY_PREFIX}sync:doc:${docName}`;
  const nodeId = 'api-restore';
  const stored = Y.encodeStateVectorFromUpdate(update);
  Promise.all([
    deps.redis.publish(channel, encodeFanout(nodeId, { kind: 'update', payload: update })),
    deps.redis.publish(channel, encodeFanout(nodeId, { kind: 'stored', payload: stored })),
  ]).catch((error: unknown) =>
    deps.log.warn({ err: error, doc: docName }, 'restore not announced to open rooms; they see it on reload'),
  );
}
