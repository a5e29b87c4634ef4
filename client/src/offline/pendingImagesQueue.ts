import type { MediaEndpoints } from '../api/media.ts';
import type { GalleyDb, PendingImageRow } from './db.ts';
import { forgetPendingImage, markImageRefused, noteImageAttempt, waitingImagesOf } from './pendingImages.ts';
import { uploadImageAs } from './pendingImagesUpload.ts';

/** Points the chapter that names an uploaded image at the library copy (editor/images/chapterImageResolver.ts). */
export interface ImageResolver {
  /** Resolves once the change is stored on this device; rejects when it could not be. */
  resolve(row: PendingImageRow): Promise<void>;
}

export interface ImageQueueOptions {
  /** Stops between images (the user signed out or the tab is going away). */
  signal?: AbortSignal;
  put?: typeof fetch;
}

/**
 * Uploads the user's waiting images of every book, oldest first, and has each one's chapter resolved.
 * Stops at the first failure that a later try could fix (the network is gone), so `retryLater` says
 * to come back; a resolution that could not be stored also asks for a later try (the upload then
 * answers "exists", which counts as done).
 */
export async function uploadWaitingImages(
  db: GalleyDb,
  media: MediaEndpoints,
  userId: string,
  resolver: ImageResolver,
  options: ImageQueueOptions = {},
): Promise<{ uploaded: number; retryLater: boolean }> {
  let uploaded = 0;
  let retryLater = false;
  for (const row of await waitingImagesOf(db, userId)) {
    if (options.signal?.aborted) break;
    const outcome = await uploadImageAs(
      media,
      { bookId: row.bookId, mediaId: row.mediaId, file: row.file, contentType: row.contentType },
      { alt: row.alt, caption: row.caption, credit: row.credit },
      options.put,
    );
    if (outcome.kind === 'uploaded') {
      // The chapter first, then the bytes: if the tab closes in between, the row is uploaded again
      // next time (a 409 that counts as done) and nothing is lost.
      try {
        await resolver.resolve(row);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        await noteImageAttempt(db, row.mediaId, { code: 'resolve_failed', message });
        retryLater = true;
        continue;
      }
      await forgetPendingImage(db, row.mediaId);
      uploaded += 1;
      continue;
    }
    const error = { code: outcome.error.code, message: outcome.error.message };
    if (outcome.kind === 'refused') {
      await markImageRefused(db, row.mediaId, error);
      continue;
    }
    await noteImageAttempt(db, row.mediaId, error);
    return { uploaded, retryLater: true };
  }
  return { uploaded, retryLater };
}

/** Waits between tries while uploads keep failing: 5 s doubling to 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 5 * 60_000);
}
