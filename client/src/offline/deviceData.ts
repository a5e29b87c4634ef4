import { RUNTIME_CACHES } from '@galley/shared/pwaCaches';
import type { GalleyDb } from './db.ts';

export interface UnsyncedWork {
  /** Api writes (book details, new chapters…) still in the outbox. */
  waitingWrites: number;
  /** Chapters with typing the cloud has not confirmed. */
  chaptersWithChanges: number;
}

/** What signing out now would lose: everything on this device the server has not confirmed. */
export async function unsyncedWork(db: GalleyDb, userId: string): Promise<UnsyncedWork> {
  return db.transaction('r', db.outbox, db.docUpdates, db.docStates, db.pendingImages, async () => {
    const waitingWrites = await db.outbox.where('userId').equals(userId).count();
    const acked = new Map((await db.docStates.toArray()).map((state) => [state.docName, state.ackedRowId]));
    const changed = new Set<string>();
    await db.docUpdates.each((row) => {
      if (row.pending > 0 && (row.id ?? 0) > (acked.get(row.docName) ?? 0)) changed.add(row.docName);
    });
    // An image whose bytes are only here is a change of its chapter the cloud does not have.
    await db.pendingImages
      .where('userId')
      .equals(userId)
      .each((row) => changed.add(row.docName));
    return { waitingWrites, chaptersWithChanges: changed.size };
  });
}

/**
 * Signing out leaves nothing of the user's on the device: their cached api answers and outbox, the
 * chapters opened here (a shared laptop must not show the next person someone's manuscript), images
 * waiting to upload, and the worker's image cache. The session itself is cleared by the api client.
 */
export async function wipeDeviceData(db: GalleyDb, userId: string): Promise<void> {
  const tables = [db.apiCache, db.outbox, db.docUpdates, db.docStates, db.pendingImages];
  await db.transaction('rw', tables, async () => {
    await db.apiCache.where('userId').equals(userId).delete();
    await db.outbox.where('userId').equals(userId).delete();
    await db.docUpdates.clear();
    await db.docStates.clear();
    // Images placed offline and not uploaded go with the chapters that named them.
    await db.pendingImages.clear();
  });
  if (typeof caches !== 'undefined') await caches.delete(RUNTIME_CACHES.images).catch(() => false);
}
