import type * as Y from 'yjs';
import type { MediaEndpoints } from '../api/media.ts';
import { resolvePendingImage } from '../editor/images/imageDocument.ts';
import type { GalleyDb } from './db.ts';
import { forgetPendingImage, markImageRefused, noteImageAttempt, waitingImagesOf } from './pendingImages.ts';
import { uploadImageAs } from './pendingImagesUpload.ts';

export interface ImageQueueScope {
  userId: string;
  bookId: string;
  /** The open chapter: images it shows waiting are resolved in it as soon as their upload is done. */
  doc: Y.Doc;
}

/**
 * Uploads the user's waiting images of one book, oldest first, and points the open chapter's images at
 * the library copy. An image placed in another chapter is resolved there by whoever opens it next
 * with edit access (the image view finds the library has it). Stops at the first failure that a later
 * try could fix (the network is gone), so `retryLater` says to come back.
 */
export async function uploadWaitingImages(
  db: GalleyDb,
  media: MediaEndpoints,
  scope: ImageQueueScope,
  put?: typeof fetch,
): Promise<{ uploaded: number; retryLater: boolean }> {
  let uploaded = 0;
  for (const row of await waitingImagesOf(db, scope.userId, scope.bookId)) {
    const outcome = await uploadImageAs(
      media,
      { bookId: row.bookId, mediaId: row.mediaId, file: row.file, contentType: row.contentType },
      { alt: row.alt, caption: row.caption, credit: row.credit },
      put,
    );
    if (outcome.kind === 'uploaded') {
      // The chapter first, then the bytes: if the tab closes in between, the row is uploaded again
      // next time (a 409 that counts as done) and nothing is lost.
      resolvePendingImage(scope.doc, scope.bookId, row.mediaId);
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
  return { uploaded, retryLater: false };
}

/** Waits between tries while uploads keep failing: 5 s doubling to 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 5 * 60_000);
}
