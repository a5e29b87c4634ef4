import { pageOf } from '@galley/shared/api/common';
import {
  MEDIA_MAX_BYTES,
  type MediaCompleteRequest,
  type MediaContentType,
  MediaContentUrlSchema,
  type MediaItem,
  MediaItemSchema,
  type MediaKind,
  type MediaListQuery,
  type MediaUpdateRequest,
  type MediaUploadRequest,
  MediaUploadResponseSchema,
} from '@galley/shared/api/media';
import type { ApiClient } from './apiClient.ts';
import { ApiError, networkError } from './apiError.ts';

const MediaPageSchema = pageOf(MediaItemSchema);

/** The media library's api paths, each with the shared schema of its answer. */
export function mediaEndpoints(api: ApiClient) {
  const base = (bookId: string) => `/api/books/${encodeURIComponent(bookId)}/media`;
  const item = (bookId: string, mediaId: string) => `${base(bookId)}/${encodeURIComponent(mediaId)}`;
  return {
    list: (bookId: string, query: Partial<MediaListQuery> = {}) =>
      api.request('GET', base(bookId), { query, schema: MediaPageSchema }),
    start: (bookId: string, body: MediaUploadRequest) =>
      api.request('POST', base(bookId), { body, schema: MediaUploadResponseSchema }),
    complete: (bookId: string, mediaId: string, body: MediaCompleteRequest) =>
      api.request('POST', `${item(bookId, mediaId)}/complete`, { body, schema: MediaItemSchema }),
    update: (bookId: string, mediaId: string, body: MediaUpdateRequest) =>
      api.request('PATCH', item(bookId, mediaId), { body, schema: MediaItemSchema }),
    remove: (bookId: string, mediaId: string) => api.request('DELETE', item(bookId, mediaId)),
    /** A URL for `<img src>`, valid for about a minute. */
    contentUrl: (bookId: string, mediaId: string) =>
      api.request('GET', `${item(bookId, mediaId)}/url`, { schema: MediaContentUrlSchema }),
  };
}
export type MediaEndpoints = ReturnType<typeof mediaEndpoints>;

const CONTENT_TYPES: readonly string[] = ['image/jpeg', 'image/png'];

/** What the browser can tell before uploading; the server checks the bytes again either way. */
export function precheckFile(file: File, kind: MediaKind): ApiError | null {
  if (!CONTENT_TYPES.includes(file.type)) {
    return new ApiError(400, 'not_an_image', `${file.name} is not a JPEG or PNG image.`);
  }
  if (file.size > MEDIA_MAX_BYTES[kind]) {
    return new ApiError(
      400,
      'too_large',
      `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(MEDIA_MAX_BYTES[kind])}.`,
    );
  }
  return null;
}

/**
 * The whole upload: ask for a presigned URL, PUT the bytes straight to storage (same origin locally,
 * S3 in AWS), then let the api check and record them.
 */
export async function uploadMedia(
  media: MediaEndpoints,
  bookId: string,
  file: File,
  kind: MediaKind,
  text: MediaCompleteRequest,
): Promise<MediaItem> {
  const early = precheckFile(file, kind);
  if (early) throw early;
  const started = await media.start(bookId, {
    kind,
    contentType: file.type as MediaContentType,
    bytes: file.size,
  });
  // content-length is the browser's to send (it is signed, and it matches the file).
  const { 'content-length': _length, ...headers } = started.upload.headers;
  let put: Response;
  try {
    put = await fetch(started.upload.url, { method: 'PUT', headers, body: file });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!put.ok) throw new ApiError(put.status, 'upload_failed', 'The file could not be uploaded. Try again.');
  return media.complete(bookId, started.mediaId, text);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The pixel size of a local file, read by the browser, for the warning before upload. */
export function imageDimensions(url: string): Promise<{ width: number; height: number } | null> {
  return new Promise((resolve) => {
    const image = new Image();
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => resolve(null);
    image.src = url;
  });
}
