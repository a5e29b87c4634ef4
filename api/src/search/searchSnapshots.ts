import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AppDeps } from '../deps.ts';
import type { SearchIndex } from './searchIndex.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Where the index snapshot lives: the docs bucket, beside the chapter snapshots it is made from (same
 * encryption and access; the exports bucket is for files people download). One object, replaced whole:
 * S3 writes are atomic per object, so a reader sees the old snapshot or the new one, never half.
 */
export const SEARCH_SNAPSHOT_KEY = 'search/index-minisearch-v1.json.gz';

type Deps = Pick<AppDeps, 's3' | 'env'>;

export async function saveSearchSnapshot(
  deps: Deps,
  index: SearchIndex,
): Promise<{ bytes: number; version: string | null }> {
  const body = await gzipAsync(Buffer.from(index.serialize(), 'utf8'));
  const { ETag } = await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.env.S3_DOCS_BUCKET,
      Key: SEARCH_SNAPSHOT_KEY,
      Body: body,
      ContentType: 'application/json',
      ContentEncoding: 'gzip',
    }),
  );
  return { bytes: body.byteLength, version: ETag ?? null };
}

/** Loads the snapshot into `index`; false when there is none yet. Returns its ETag as `version`. */
export async function loadSearchSnapshot(
  deps: Deps,
  index: SearchIndex,
): Promise<{ loaded: false } | { loaded: true; version: string | null }> {
  try {
    const { Body, ETag } = await deps.s3.send(
      new GetObjectCommand({ Bucket: deps.env.S3_DOCS_BUCKET, Key: SEARCH_SNAPSHOT_KEY }),
    );
    if (!Body) return { loaded: false };
    const json = await gunzipAsync(Buffer.from(await Body.transformToByteArray()));
    index.load(json.toString('utf8'));
    return { loaded: true, version: ETag ?? null };
  } catch (error) {
    if (isMissing(error)) return { loaded: false };
    throw error;
  }
}

/** The stored snapshot's ETag, or null when there is none: followers reload when it changes. */
export async function searchSnapshotVersion(deps: Deps): Promise<string | null> {
  try {
    const { ETag } = await deps.s3.send(
      new HeadObjectCommand({ Bucket: deps.env.S3_DOCS_BUCKET, Key: SEARCH_SNAPSHOT_KEY }),
    );
    return ETag ?? null;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}
