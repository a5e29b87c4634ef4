import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { AppDeps } from '../deps.ts';

type ObjectDeps = Pick<AppDeps, 's3' | 'env' | 'log'>;

/**
 * Where a presigned upload lands before it is checked: outside `books/`, so the exporter and
 * validation never see an unchecked file, and under one prefix a bucket lifecycle rule can expire
 * (uploads that were never completed).
 */
export const uploadStagingKey = (bookId: string, mediaId: string) => `uploads/${bookId}/${mediaId}`;

const isMissing = (error: unknown) =>
  error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey');

/**
 * The uploaded bytes, `null` when nothing was uploaded, or `'too_large'` without downloading them
 * when the object is bigger than `maxBytes` (S3 enforces the signed length; s3rver does not).
 */
export async function readStagedUpload(
  deps: ObjectDeps,
  key: string,
  maxBytes: number,
): Promise<Uint8Array | null | 'too_large'> {
  const Bucket = deps.env.S3_MEDIA_BUCKET;
  try {
    const head = await deps.s3.send(new HeadObjectCommand({ Bucket, Key: key }));
    if ((head.ContentLength ?? 0) > maxBytes) return 'too_large';
    const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket, Key: key }));
    const bytes = Body ? await Body.transformToByteArray() : new Uint8Array();
    return bytes.length > maxBytes ? 'too_large' : bytes;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Deletes objects; a failure is logged, not thrown: the record is what users see, an orphan costs bytes. */
export async function deleteObjectsQuietly(deps: ObjectDeps, objectKeys: string[]): Promise<void> {
  await Promise.all(
    objectKeys.map(async (Key) => {
      try {
        await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.env.S3_MEDIA_BUCKET, Key }));
      } catch (error) {
        deps.log.warn({ err: error, key: Key }, 'media object delete failed');
      }
    }),
  );
}
