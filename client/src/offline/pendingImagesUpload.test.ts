import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiError.ts';
import type { MediaEndpoints } from '../api/media.ts';
import { retryDelayMs } from './pendingImagesQueue.ts';
import { classifyUploadError, uploadImageAs } from './pendingImagesUpload.ts';

const error = (status: number, code = 'x') => new ApiError(status, code, 'm');

describe('classifyUploadError', () => {
  it('retries whatever the connection or the server load caused, at every step', () => {
    for (const step of ['start', 'put', 'complete'] as const) {
      for (const status of [0, 401, 408, 429, 500, 503]) {
        expect(classifyUploadError(step, error(status))).toBe('retry');
      }
    }
  });

  it('reads "exists" as an upload whose answer was lost', () => {
    expect(classifyUploadError('start', error(409, 'media_exists'))).toBe('uploaded');
    expect(classifyUploadError('complete', error(409, 'conflict'))).toBe('uploaded');
    // Someone else's open upload under that id is not ours to finish.
    expect(classifyUploadError('start', error(409, 'conflict'))).toBe('refused');
  });

  it('starts over when the presigned URL or the open upload expired', () => {
    expect(classifyUploadError('put', error(403))).toBe('retry');
    expect(classifyUploadError('complete', error(404))).toBe('retry');
    expect(classifyUploadError('complete', error(422, 'upload_missing'))).toBe('retry');
  });

  it('gives up on files and requests the api refuses', () => {
    expect(classifyUploadError('start', error(400, 'validation_failed'))).toBe('refused');
    expect(classifyUploadError('start', error(403, 'forbidden'))).toBe('refused');
    expect(classifyUploadError('start', error(404, 'not_found'))).toBe('refused');
    expect(classifyUploadError('put', error(400))).toBe('refused');
    expect(classifyUploadError('complete', error(422, 'not_an_image'))).toBe('refused');
    expect(classifyUploadError('complete', error(400, 'validation_failed'))).toBe('refused');
  });
});

describe('uploadImageAs', () => {
  const image = {
    bookId: 'B1',
    mediaId: 'M1',
    file: new Blob([new Uint8Array(4)]),
    contentType: 'image/png' as const,
  };

  it('starts with the chosen id, PUTs the bytes with the signed headers, then completes with the texts', async () => {
    const calls: string[] = [];
    const media = {
      start: async (bookId: string, body: unknown) => {
        calls.push(`start ${bookId} ${JSON.stringify(body)}`);
        return {
          upload: { url: '/s3/put', headers: { 'content-type': 'image/png', 'content-length': '4' } },
        };
      },
      complete: async (bookId: string, mediaId: string, text: unknown) => {
        calls.push(`complete ${bookId} ${mediaId} ${JSON.stringify(text)}`);
      },
    } as unknown as MediaEndpoints;
    const put = (async (url: string, init: RequestInit) => {
      calls.push(`put ${url} ${JSON.stringify(init.headers)}`);
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const outcome = await uploadImageAs(media, image, { alt: 'A', caption: null, credit: null }, put);
    expect(outcome).toEqual({ kind: 'uploaded' });
    expect(calls).toEqual([
      'start B1 {"mediaId":"M1","kind":"image","contentType":"image/png","bytes":4}',
      'put /s3/put {"content-type":"image/png"}',
      'complete B1 M1 {"alt":"A","caption":null,"credit":null}',
    ]);
  });

  it('says retry when the network is gone, and done when a retry finds the item recorded', async () => {
    const offline = {
      start: async () => Promise.reject(new TypeError('Failed to fetch')),
    } as unknown as MediaEndpoints;
    const retry = await uploadImageAs(offline, image, { alt: 'A' });
    expect(retry.kind).toBe('retry');
    const recorded = {
      start: async () => Promise.reject(error(409, 'media_exists')),
    } as unknown as MediaEndpoints;
    expect(await uploadImageAs(recorded, image, { alt: 'A' })).toMatchObject({ kind: 'uploaded' });
  });
});

describe('retryDelayMs', () => {
  it('doubles from 5 seconds and stops growing at 5 minutes', () => {
    expect([1, 2, 3, 10, 100].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 300_000, 300_000]);
  });
});
