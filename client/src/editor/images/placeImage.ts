import type { MediaContentType } from '@galley/shared/api/media';
import type { Editor } from '@tiptap/core';
import type { ApiError } from '../../api/apiError.ts';
import { type MediaEndpoints, precheckFile } from '../../api/media.ts';
import type { GalleyDb } from '../../offline/db.ts';
import { keepPendingImage } from '../../offline/pendingImages.ts';
import { uploadImageAs } from '../../offline/pendingImagesUpload.ts';
import { mediaContentPath } from './imageDocument.ts';
import type { ImageTexts } from './imageTexts.ts';
import { newMediaId } from './mediaUlid.ts';

export interface PlaceImageContext {
  editor: Editor;
  db: GalleyDb;
  media: MediaEndpoints;
  bookId: string;
  docName: string;
  user: { id: string; displayName: string };
  online: boolean;
}

/** An item already in the book's library: placed at once, it needs no upload. */
export function placeLibraryImage(
  ctx: Pick<PlaceImageContext, 'editor' | 'bookId'>,
  mediaId: string,
  texts: ImageTexts,
) {
  ctx.editor
    .chain()
    .focus()
    .insertImageFigure({ mediaId, src: mediaContentPath(ctx.bookId, mediaId), ...texts, pendingUpload: null })
    .run();
}

/**
 * A file from the writer's disk. Online it is uploaded first, so a file the api refuses is reported in
 * the dialog and never placed. When the upload cannot happen (offline, or the network fails on the
 * way) the bytes wait in IndexedDB under the id the chapter names, the image is placed at once, marked
 * as pending with the writer's name, and the queue uploads it when the network returns.
 */
export async function placeUploadedImage(
  ctx: PlaceImageContext,
  file: File,
  texts: ImageTexts,
): Promise<{ placed: 'uploaded' | 'waiting' } | { error: ApiError }> {
  const early = precheckFile(file, 'image');
  if (early) return { error: early };
  const mediaId = newMediaId();
  const contentType = file.type as MediaContentType;
  if (ctx.online) {
    const outcome = await uploadImageAs(ctx.media, { bookId: ctx.bookId, mediaId, file, contentType }, texts);
    if (outcome.kind === 'refused') return { error: outcome.error };
    if (outcome.kind === 'uploaded') {
      placeLibraryImage(ctx, mediaId, texts);
      return { placed: 'uploaded' };
    }
  }
  // Bytes first: the chapter must never name an image this device has not kept.
  await keepPendingImage(ctx.db, {
    mediaId,
    userId: ctx.user.id,
    bookId: ctx.bookId,
    docName: ctx.docName,
    file,
    contentType,
    ...texts,
  });
  ctx.editor
    .chain()
    .focus()
    .insertImageFigure({ mediaId, src: null, ...texts, pendingUpload: ctx.user.displayName })
    .run();
  return { placed: 'waiting' };
}
