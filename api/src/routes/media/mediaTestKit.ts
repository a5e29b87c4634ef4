import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import type { TestApp } from '../../../../tests/support/testApp.ts';

/** Whether the media bucket holds `key` (asked of s3rver directly). */
export async function objectExists(t: TestApp, key: string): Promise<boolean> {
  try {
    await t.deps.s3.send(new HeadObjectCommand({ Bucket: t.deps.env.S3_MEDIA_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

export async function startUpload(
  t: TestApp,
  token: string,
  bookId: string,
  file: Uint8Array,
  kind: 'image' | 'cover' = 'image',
  contentType = 'image/png',
) {
  return t.request('POST', `/api/books/${bookId}/media`, {
    token,
    body: { kind, contentType, bytes: file.length },
  });
}

/** PUTs the file the way a browser would: the signed headers, the body, nothing else. */
export function putTo(upload: { url: string; headers: Record<string, string> }, file: Uint8Array) {
  const { 'content-length': _length, ...headers } = upload.headers;
  return fetch(upload.url, { method: 'PUT', headers, body: file });
}

/** A whole upload as the library's dialog makes it: start, PUT to the presigned URL, complete. */
export async function uploadAndComplete(
  t: TestApp,
  token: string,
  bookId: string,
  file: Uint8Array,
  kind: 'image' | 'cover' = 'image',
  texts: { alt: string; caption?: string; credit?: string } = {
    alt: 'A gradient',
    caption: 'Dawn',
    credit: 'Test',
  },
) {
  const started = await startUpload(t, token, bookId, file, kind);
  expect(started.status).toBe(201);
  expect((await putTo(started.body.upload, file)).status).toBe(200);
  return t.request('POST', `/api/books/${bookId}/media/${started.body.mediaId}/complete`, {
    token,
    body: texts,
  });
}
