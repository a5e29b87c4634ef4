import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AppDeps } from '../deps.ts';

type MediaDeps = Pick<AppDeps, 's3' | 'env'>;

/**
 * Where a book's media live in the media bucket. The media library (upload, alt text, captions)
 * writes here; the exporter reads. Alt text and captions travel with each image node in the
 * manuscript, so the bytes are all the exporter needs from S3.
 *
 * - `books/<bookId>/media/<mediaId>`: an image in the book's media library
 * - `books/<bookId>/cover`: the cover image
 */
export const mediaObjectKeys = {
  media: (bookId: string, mediaId: string) => `books/${bookId}/media/${mediaId}`,
  cover: (bookId: string) => `books/${bookId}/cover`,
} as const;

export async function putBookMedia(
  deps: MediaDeps,
  bookId: string,
  mediaId: string,
  bytes: Uint8Array,
  contentType: string,
): Promise<void> {
  await put(deps, mediaObjectKeys.media(bookId, mediaId), bytes, contentType);
}

export async function putBookCover(deps: MediaDeps, bookId: string, bytes: Uint8Array, contentType: string) {
  await put(deps, mediaObjectKeys.cover(bookId), bytes, contentType);
}

/** The image's bytes, or null when there is no such object. */
export function getBookMedia(deps: MediaDeps, bookId: string, mediaId: string): Promise<Uint8Array | null> {
  return getOrNull(deps, mediaObjectKeys.media(bookId, mediaId));
}

export function getBookCover(deps: MediaDeps, bookId: string): Promise<Uint8Array | null> {
  return getOrNull(deps, mediaObjectKeys.cover(bookId));
}

async function put(deps: MediaDeps, key: string, bytes: Uint8Array, contentType: string): Promise<void> {
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.env.S3_MEDIA_BUCKET,
      Key: key,
      Body: bytes,
      ContentType: contentType,
    }),
  );
}

async function getOrNull(deps: MediaDeps, key: string): Promise<Uint8Array | null> {
  try {
    const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket: deps.env.S3_MEDIA_BUCKET, Key: key }));
    return Body ? await Body.transformToByteArray() : null;
  } catch (error) {
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return null;
    throw error;
  }
}
