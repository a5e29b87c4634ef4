import {
  MEDIA_MAX_BYTES,
  type MediaCompleteRequest,
  MediaRejection,
  type MediaUploadRequest,
  type MediaUploadResponse,
} from '@galley/shared/api/media';
import { ErrorCode } from '@galley/shared/errors';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import type { GuardedBook } from '../domain/bookGuard.ts';
import { ConflictError, MediaRejectedError, NotFoundError, ValidationError } from '../errors.ts';
import { putBookCover, putBookMedia } from '../export/bookMedia.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { isConditionFailure } from '../store/bookWrites.ts';
import {
  type CoverNote,
  coverOf,
  deletePendingUpload,
  getMedia,
  getPendingUpload,
  type MediaRecord,
  putPendingUpload,
  recordMedia,
} from '../store/mediaRepo.ts';
import { inspectImage } from './imageInspector.ts';
import { deleteObjectsQuietly, readStagedUpload, uploadStagingKey } from './mediaObjects.ts';
import { deleteUnkeptMediaBytes, isMediaKept } from './mediaRetention.ts';
import { presignObjectUrl } from './presignedUrls.ts';

/** Long enough for 20 MB on a slow line (S3 checks expiry when the PUT starts), short enough to leak little. */
export const UPLOAD_URL_TTL_SECONDS = 10 * 60;

/**
 * Step one of an upload: remembers what the caller declared and hands back a presigned PUT for
 * exactly that content type and length, to a staging key nobody else reads.
 */
export async function startMediaUpload(
  deps: AppDeps,
  { book }: GuardedBook,
  auth: AuthContext,
  request: MediaUploadRequest,
  requestOrigin: string,
): Promise<MediaUploadResponse> {
  const mediaId = request.mediaId ?? ulid();
  if (request.mediaId !== undefined) await claimClientMediaId(deps, book.id, request.mediaId, auth.sub);
  const headers = { 'content-type': request.contentType, 'content-length': String(request.bytes) };
  const presigned = await presignObjectUrl(
    deps,
    {
      method: 'PUT',
      bucket: deps.env.S3_MEDIA_BUCKET,
      key: uploadStagingKey(book.id, mediaId),
      headers,
      expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
      requestOrigin,
    },
    new Date(deps.now()),
  );
  const upload = {
    id: mediaId,
    bookId: book.id,
    kind: request.kind,
    contentType: request.contentType,
    bytes: request.bytes,
    uploadedBy: auth.sub,
    createdAt: new Date(deps.now()).toISOString(),
    expiresAt: presigned.expiresAt,
  };
  try {
    await putPendingUpload(deps, upload, { replaceOwn: request.mediaId !== undefined });
  } catch (error) {
    // Only a client-chosen id can collide here: someone else started an upload of it meanwhile.
    if (isConditionFailure(error)) throw new ConflictError('Another upload uses that media id.');
    throw error;
  }
  // content-length is the browser's to set (a forbidden header); it is listed so other clients send it.
  return { mediaId, upload: { url: presigned.url, method: 'PUT', headers }, expiresAt: presigned.expiresAt };
}

/**
 * A client-chosen id (an image placed in a chapter offline) may be started again by the same person
 * after a lost answer or an expired URL; an id that is already a recorded item is a 409 the client
 * reads as "uploaded before", and another person's open upload of that id is never taken over.
 */
async function claimClientMediaId(deps: AppDeps, bookId: string, mediaId: string, userId: string) {
  // A deleted item whose bytes a version keeps cannot take new bytes under its id: the version
  // refers to them by id (mediaRetention.ts).
  if ((await getMedia(deps, bookId, mediaId)) || (await isMediaKept(deps, bookId, mediaId))) {
    throw new ConflictError('This book already has a media item with that id.', ErrorCode.mediaExists, {
      mediaId,
    });
  }
  const pending = await getPendingUpload(deps, bookId, mediaId);
  if (pending && pending.uploadedBy !== userId) {
    throw new ConflictError('Another upload uses that media id.', ErrorCode.conflict);
  }
}

/**
 * Step two: reads what arrived, checks it is the image that was declared, and only then records it.
 * A file that fails is deleted with its pending upload, so a refused upload leaves nothing behind.
 * The checked bytes (not the staging object, which the URL could still overwrite) are what is stored.
 */
export async function completeMediaUpload(
  deps: AppDeps,
  { book }: GuardedBook,
  auth: AuthContext,
  mediaId: string,
  text: MediaCompleteRequest,
): Promise<MediaRecord> {
  const pending = await getPendingUpload(deps, book.id, mediaId);
  if (!pending || pending.uploadedBy !== auth.sub) throw new NotFoundError('Upload');
  const alt = text.alt ?? '';
  if (pending.kind === 'image' && !alt) throw ValidationError.field('alt', 'is required for images');

  const stagingKey = uploadStagingKey(book.id, mediaId);
  const staged = await readStagedUpload(deps, stagingKey, MEDIA_MAX_BYTES[pending.kind]);
  if (staged === null) {
    throw new MediaRejectedError(MediaRejection.uploadMissing, 'Nothing was uploaded to the URL yet.');
  }
  const inspection =
    staged === 'too_large'
      ? ({ ok: false, reason: MediaRejection.tooLarge, message: 'The file is too large.' } as const)
      : inspectImage(staged, pending);
  if (!inspection.ok || staged === 'too_large') {
    await deleteObjectsQuietly(deps, [stagingKey]);
    await deletePendingUpload(deps, book.id, mediaId);
    const { reason, message } = inspection as { reason: string; message: string };
    throw new MediaRejectedError(reason, message, { mediaId });
  }

  const now = new Date(deps.now()).toISOString();
  const media: MediaRecord = {
    id: mediaId,
    bookId: book.id,
    kind: pending.kind,
    contentType: inspection.contentType,
    bytes: staged.length,
    width: inspection.width,
    height: inspection.height,
    alt,
    caption: text.caption || null,
    credit: text.credit || null,
    uploadedBy: auth.sub,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await putBookMedia(deps, book.id, mediaId, staged, media.contentType);
  const previousCoverId = coverOf(book)?.mediaId ?? null;
  const cover = media.kind === 'cover' ? { note: coverNote(media), previousCoverId } : null;
  try {
    await recordMedia(deps, media, cover);
  } catch (error) {
    await deleteUnkeptMediaBytes(deps, book.id, [mediaId]);
    throw error;
  }
  // The cover key is what validation and the exporter read; it follows the record once that is written.
  if (cover) await putBookCover(deps, book.id, staged, media.contentType);
  await deleteObjectsQuietly(deps, [stagingKey]);
  // The replaced cover's record went with the transaction above; a version may still hold its bytes.
  if (cover && previousCoverId) await deleteUnkeptMediaBytes(deps, book.id, [previousCoverId]);
  return media;
}

function coverNote(media: MediaRecord): CoverNote {
  return {
    mediaId: media.id,
    contentType: media.contentType,
    bytes: media.bytes,
    width: media.width,
    height: media.height,
    updatedAt: media.updatedAt,
  };
}
