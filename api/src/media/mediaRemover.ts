import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import { mediaObjectKeys } from '../export/bookMedia.ts';
import { deleteMediaRecord, getMedia, type MediaRecord } from '../store/mediaRepo.ts';
import { deleteObjectsQuietly } from './mediaObjects.ts';
import { deleteUnkeptMediaBytes } from './mediaRetention.ts';

/**
 * Removes an item and its bytes. The record goes first: once it is gone nobody is shown the image,
 * and a failed object delete only leaves an orphan. Bytes a version holds stay (mediaRetention.ts).
 * Deleting the cover leaves the book without one (validation then says `cover_missing`); the book's
 * own cover object is not what versions read, so it always goes.
 */
export async function deleteMedia(
  deps: AppDeps,
  bookId: string,
  media: MediaRecord,
  actorId?: string,
): Promise<void> {
  await deleteMediaRecord(deps, media, actorId);
  await deleteUnkeptMediaBytes(deps, bookId, [media.id]);
  if (media.kind === 'cover') await deleteObjectsQuietly(deps, [mediaObjectKeys.cover(bookId)]);
}

export async function requireMedia(deps: AppDeps, bookId: string, mediaId: string): Promise<MediaRecord> {
  const media = await getMedia(deps, bookId, mediaId);
  if (!media) throw new NotFoundError('Media');
  return media;
}
