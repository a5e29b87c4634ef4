import type { VersionRestoreResult } from '@galley/shared/api/versions';
import { ErrorCode } from '@galley/shared/errors';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { encodeFanout } from '@galley/sync-server/fanout/fanout';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { type GuardedBook, staleVersionError } from '../domain/bookGuard.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { chapterStorageFor, loadChapterDoc, mapBounded } from '../manuscripts/chapterDocs.ts';
import { presentBookDetail } from '../presenters/presentBook.ts';
import type { JobLease } from '../purge/jobLock.ts';
import { getBook, listChapters } from '../store/booksRepo.ts';
import { transact } from '../store/bookWrites.ts';
import { restoreBookStructure } from './bookStructureRestorer.ts';
import { takeRestoreLease } from './restoreLease.ts';
import { restoreUpdate } from './restoreUpdate.ts';
import { getVersionRecord, readVersionBook, readVersionChapterState } from './versionStore.ts';

type RestoreDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env' | 'now' | 'redis' | 'log'> &
  Partial<Pick<AppDeps, 'events'>>;

const CHAPTER_CONCURRENCY = 4;

export interface RestoreOptions {
  /** One chapter's text; without it, the whole book. */
  chapterId?: string | undefined;
  /** The book version the caller saw: required for the whole book, checked when sent for a chapter. */
  expectedVersion?: number | undefined;
  by: string;
}

/**
 * Restores one chapter's text, or the whole book, from a version, as new changes on top of the
 * history. Only one restore of a book runs at a time (restoreLease.ts).
 *
 * Whole book: first the metadata and chapter list, in one transaction guarded by the book's version
 * (bookStructureRestorer.ts: a stale version is a 409 with nothing written); chapters deleted since
 * are created again, chapters added since are kept behind the version's. Then every chapter of the
 * version gets its text back, each as one new entry in its update log. If the node dies between the
 * two, the metadata is restored and some texts not: restoring again finishes it (chapters already
 * equal to the version are left alone).
 */
export async function restoreBookVersion(
  deps: RestoreDeps,
  guarded: GuardedBook,
  versionId: string,
  options: RestoreOptions,
): Promise<VersionRestoreResult> {
  const bookId = guarded.book.id;
  const lease = await takeRestoreLease(deps, bookId);
  try {
    const version = await getVersionRecord(deps, bookId, versionId);
    if (!version) throw new NotFoundError('Version');
    let targets = version.chapters.map((c) => c.id);
    let structure: { recreated: string[]; kept: string[] } | null = null;
    if (options.chapterId !== undefined) {
      if (!targets.includes(options.chapterId)) throw new NotFoundError('Chapter');
      await checkChapterRestore(deps, guarded, options.chapterId, options.expectedVersion);
      targets = [options.chapterId];
    } else {
      if (options.expectedVersion === undefined) throw new Error('A whole-book restore needs the version.');
      const stored = await readVersionBook(deps, version);
      const storedBook = (stored.book ?? {}) as Record<string, unknown>;
      structure = await restoreBookStructure(deps, guarded, version, storedBook, options.expectedVersion);
    }
    const chapters = await mapBounded(targets, CHAPTER_CONCURRENCY, async (chapterId) => {
      await keepLease(lease);
      const versionState = await readVersionChapterState(deps, version, chapterId);
      return { chapterId, ...(await restoreChapter(deps, bookId, chapterId, versionState, options.by)) };
    });
    const restored = chapters.filter((chapter) => chapter.outcome === 'restored').map((c) => c.chapterId);
    if (restored.length > 0 || structure) {
      // The restored text went into each chapter's update log (the sync server's storage), which has no
      // transaction with the table: this event follows it, so a crash right between loses the event
      // (never invents one). Chapter text edits have no outbox at all; consumers watch the logs for
      // those. A whole-book restore's metadata change had its own `book.updated` in its transaction.
      await transact(deps, [
        outboxItem(deps, {
          type: 'version.restored',
          at: new Date(deps.now()).toISOString(),
          actorId: options.by,
          bookId,
          subject: { versionId },
          data: {
            scope: structure ? 'book' : 'chapter',
            chapterIds: restored,
            missingChapters: 0,
            ...(structure
              ? { recreatedChapters: structure.recreated, keptChapters: structure.kept.length }
              : {}),
          },
        }),
      ]);
    }
    return {
      versionId,
      chapters,
      missingChapters: [],
      recreatedChapters: structure?.recreated ?? [],
      keptChapters: structure?.kept ?? [],
      ...(structure ? { book: await presentBook(deps, guarded) } : {}),
    };
  } finally {
    await lease.release();
  }
}

/** A chapter restore: the chapter must still be in the book, and a version sent must be current. */
async function checkChapterRestore(
  deps: RestoreDeps,
  guarded: GuardedBook,
  chapterId: string,
  expectedVersion: number | undefined,
): Promise<void> {
  const bookId = guarded.book.id;
  const [book, current] = await Promise.all([
    getBook(deps, bookId, { consistent: true }),
    listChapters(deps, bookId, { consistent: true }),
  ]);
  if (expectedVersion !== undefined && book?.version !== expectedVersion) {
    throw await staleVersionError(deps, bookId, guarded);
  }
  if (!current.some((chapter) => chapter.id === chapterId)) {
    throw new ConflictError(
      'This chapter was deleted from the book after the version was taken; restore the whole book to bring it back, or add a chapter and copy the text from the version.',
      ErrorCode.chapterMissing,
      { chapterId },
    );
  }
}

/**
 * Renews the book's restore lease before each chapter, so a long restore keeps it. Lost means the
 * lease ran out and another restore took the book: stop rather than write alongside it.
 */
async function keepLease(lease: JobLease): Promise<void> {
  if (await lease.renew()) return;
  throw new ConflictError(
    'Another restore of this book started while this one was running; this one stopped. Restore again to finish it.',
    ErrorCode.restoreInProgress,
  );
}

async function presentBook(deps: RestoreDeps, guarded: GuardedBook) {
  const [book, chapters] = await Promise.all([
    getBook(deps, guarded.book.id, { consistent: true }),
    listChapters(deps, guarded.book.id, { consistent: true }),
  ]);
  if (!book) throw new NotFoundError('Book');
  return presentBookDetail(book, guarded, chapters);
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
  // Who wrote the restored text, and who deleted what it replaced, are recorded before the change
  // exists, so no comparison sees it unnamed.
  await Promise.all([
    storage.recordAuthors(docName, by, [restore.clientId]),
    storage.recordDeletions?.(docName, by, restore.deleted),
  ]);
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
