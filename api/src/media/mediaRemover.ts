import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { mediaObjectKeys } from '../export/bookMedia.ts';
import { deleteMediaRecord, getMedia, type MediaRecord } from '../store/mediaRepo.ts';
import { deleteObjectsQuietly } from './mediaObjects.ts';

/**
 * Removes an item and its bytes. The record goes first: once it is gone nobody is shown the image,
 * and a failed object delete only leaves an orphan. Deleting the cover leaves the book without one
 * (validation then says `cover_missing`).
 */
export async function deleteMedia(
  deps: AppDeps,
  bookId: string,
  media: MediaRecord,
  actorId?: string,
): Promise<void> {
  await deleteMediaRecord(deps, media, actorId);
  const objects = [mediaObjectKeys.media(bookId, media.id)];
  if (media.kind === 'cover') objects.push(mediaObjectKeys.cover(bookId));
  await deleteObjectsQuietly(deps, objects);
}

export async function requireMedia(deps: AppDeps, bookId: string, mediaId: string): Promise<MediaRecord> {
  const media = await getMedia(deps, bookId, mediaId);
  if (!media) throw new NotFoundError('Media');
  return media;
}
