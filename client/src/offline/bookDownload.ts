import type { BookDetail } from '@galley/shared/api/books';
import { chapterDocName } from '@galley/shared/sync/protocol';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import { z } from 'zod';
import type { Endpoints } from '../api/endpoints.ts';
import { CacheKeys, readCached, saveCached } from './apiCache.ts';
import type { GalleyDb } from './db.ts';
import { LocalDocLog } from './localDocLog.ts';

const OfflineBookSchema = z.object({ savedAt: z.string(), chapterIds: z.array(z.string()) });
export type OfflineBook = z.infer<typeof OfflineBookSchema>;
const offlineKey = (bookId: string) => `offline-book:${bookId}`;

/**
 * "Make available offline": every chapter's stored document goes into the device's chapter logs
 * (merged, never replacing local edits — Yjs updates commute), with the access the user has, so each
 * chapter opens with no network like one opened before. The book itself is kept for the book page.
 */
export async function makeBookAvailableOffline(
  db: GalleyDb,
  userId: string,
  api: Endpoints,
  book: BookDetail,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<OfflineBook> {
  await saveCached(db, userId, CacheKeys.book(book.id), book);
  const access: SyncAccess = (await api.syncTokens.create(book.id)).access;
  const chapters = [...book.chapters].sort((a, b) => a.order - b.order);
  let done = 0;
  onProgress(done, chapters.length);
  for (const chapter of chapters) {
    const update = await api.books.chapterContent(book.id, chapter.id);
    const { log } = await LocalDocLog.open(db, chapterDocName(book.id, chapter.id));
    // From the server, so nothing in it waits for the cloud (pending 0).
    await log.append(update, 0);
    await log.remember({ access, title: chapter.title });
    onProgress(++done, chapters.length);
  }
  const record = { savedAt: new Date().toISOString(), chapterIds: chapters.map((chapter) => chapter.id) };
  await saveCached(db, userId, offlineKey(book.id), record);
  return record;
}

/** When the whole book was last kept on this device, or null. */
export function offlineBookRecord(db: GalleyDb, userId: string, bookId: string): Promise<OfflineBook | null> {
  return readCached(db, userId, offlineKey(bookId), OfflineBookSchema);
}
