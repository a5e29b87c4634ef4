import type { GalleyDb, PendingImageRow } from './db.ts';

export type NewPendingImage = Omit<PendingImageRow, 'state' | 'attempts' | 'error' | 'createdAt'>;

/** Name of the window event that tells the upload queue a new image is waiting. */
export const PENDING_IMAGE_ADDED = 'galley:pending-image-added';

/**
 * Keeps an image's bytes on the device until the queue can upload them. Written before the chapter
 * names the image, so a reload right after still finds the bytes.
 */
export async function keepPendingImage(db: GalleyDb, image: NewPendingImage): Promise<void> {
  await db.pendingImages.put({
    ...image,
    createdAt: new Date().toISOString(),
    state: 'waiting',
    attempts: 0,
    error: null,
  });
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(PENDING_IMAGE_ADDED));
}

export function pendingImage(db: GalleyDb, mediaId: string): Promise<PendingImageRow | undefined> {
  return db.pendingImages.get(mediaId);
}

/** The user's images still waiting for an upload, in every book, oldest first. */
export async function waitingImagesOf(db: GalleyDb, userId: string): Promise<PendingImageRow[]> {
  const rows = await db.pendingImages.where('userId').equals(userId).sortBy('createdAt');
  return rows.filter((row) => row.state === 'waiting');
}

export async function noteImageAttempt(
  db: GalleyDb,
  mediaId: string,
  error: { code: string; message: string } | null,
): Promise<void> {
  await db.pendingImages
    .where('mediaId')
    .equals(mediaId)
    .modify((row) => {
      row.attempts += 1;
      row.error = error;
    });
}

/** The api refused the file (not an image, too large, no longer a writer): retrying cannot help. */
export async function markImageRefused(
  db: GalleyDb,
  mediaId: string,
  error: { code: string; message: string },
): Promise<void> {
  await db.pendingImages.update(mediaId, { state: 'failed', error });
}

/** The library has the image now: the device's copy is no longer needed. */
export async function forgetPendingImage(db: GalleyDb, mediaId: string): Promise<void> {
  await db.pendingImages.delete(mediaId);
}
