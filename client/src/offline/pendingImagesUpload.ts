import type { MediaCompleteRequest, MediaContentType } from '@galley/shared/api/media';
import { ErrorCode } from '@galley/shared/errors';
import { ApiError, networkError } from '../api/apiError.ts';
import type { MediaEndpoints } from '../api/media.ts';

export type UploadStep = 'start' | 'put' | 'complete';
export type ImageUploadOutcome =
  | { kind: 'uploaded' }
  | { kind: 'retry'; error: ApiError }
  | { kind: 'refused'; error: ApiError };

/** Answers about the connection or the server's load, not about this file: worth trying again later. */
function isTransient(error: ApiError): boolean {
  return (
    error.status === 0 ||
    error.status >= 500 ||
    error.status === 408 ||
    error.status === 429 ||
    error.status === 401
  );
}

/**
 * What a failed step means for an image uploaded under an id the client chose. The upload can be
 * retried from the start at any time (the api renews an open upload for its owner), and an answer
 * lost after the api recorded it shows up as "exists" on the retry, which is success.
 */
export function classifyUploadError(step: UploadStep, error: ApiError): ImageUploadOutcome['kind'] {
  if (isTransient(error)) return 'retry';
  if (step === 'start')
    return error.status === 409 && error.code === ErrorCode.mediaExists ? 'uploaded' : 'refused';
  // An expired presigned URL: start again for a fresh one.
  if (step === 'put') return error.status === 403 ? 'retry' : 'refused';
  // The open upload expired (404) or the bytes never arrived: start again. 409: recorded already.
  if (error.status === 404 || error.code === 'upload_missing') return 'retry';
  if (error.status === 409) return 'uploaded';
  return 'refused';
}

/**
 * The whole upload of one image under its chosen id: a presigned PUT, the bytes straight to storage,
 * then the api checks and records them. Never throws: the outcome says whether to keep, retry or give up.
 */
export async function uploadImageAs(
  media: MediaEndpoints,
  image: { bookId: string; mediaId: string; file: Blob; contentType: MediaContentType },
  text: MediaCompleteRequest,
  put: typeof fetch = (input, init) => globalThis.fetch(input, init),
): Promise<ImageUploadOutcome> {
  let step: UploadStep = 'start';
  try {
    const started = await media.start(image.bookId, {
      mediaId: image.mediaId,
      kind: 'image',
      contentType: image.contentType,
      bytes: image.file.size,
    });
    step = 'put';
    // content-length is the browser's to send (it is signed, and it matches the body).
    const { 'content-length': _length, ...headers } = started.upload.headers;
    const answer = await put(started.upload.url, { method: 'PUT', headers, body: image.file }).catch(
      (cause: unknown) => Promise.reject(networkError(cause)),
    );
    if (!answer.ok) throw new ApiError(answer.status, 'upload_failed', 'The file could not be uploaded.');
    step = 'complete';
    await media.complete(image.bookId, image.mediaId, text);
    return { kind: 'uploaded' };
  } catch (cause) {
    const error = cause instanceof ApiError ? cause : networkError(cause);
    return { kind: classifyUploadError(step, error), error } as ImageUploadOutcome;
  }
}
