import { IdSchema, pageOf } from '@galley/shared/api/common';
import {
  MediaCompleteRequestSchema,
  MediaContentUrlSchema,
  MediaItemSchema,
  MediaListQuerySchema,
  MediaUpdateRequestSchema,
  MediaUploadRequestSchema,
  MediaUploadResponseSchema,
} from '@galley/shared/api/media';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './media.handlers.ts';

const tags = ['media'];
const security = [{ bearer: [] }];
const bookParams = z.object({ id: IdSchema });
const mediaParams = z.object({ id: IdSchema, mediaId: IdSchema });
const rejected = {
  422: {
    description:
      'The uploaded file was refused and deleted; `code` says why: `not_an_image`, `content_type_mismatch`, `too_large`, `size_mismatch`, `dimensions_out_of_range`, `decompression_bomb`, `upload_missing` (nothing arrived yet; the upload stays open)',
    content: {
      'application/json': {
        schema: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      },
    },
  },
};

export const startUploadRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/media',
  tags,
  security,
  summary: 'Start an upload: a presigned PUT for one image or the cover (writers of the book)',
  description:
    'Declare the kind, content type (JPEG or PNG) and exact size (images ≤ 10 MB, covers ≤ 20 MB). PUT the file to `upload.url` with `upload.headers` within 10 minutes, then call `…/complete`. Nothing is recorded until then. A client may name the item itself (`mediaId`, a ULID: an image placed in a chapter offline); starting the same id again gives a fresh URL, and an id already recorded is a 409 `media_exists`.',
  request: { params: bookParams, body: jsonBody(MediaUploadRequestSchema) },
  responses: {
    201: jsonResponse(MediaUploadResponseSchema, 'Where to PUT the file'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const completeUploadRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/media/{mediaId}/complete',
  tags,
  security,
  summary: 'Check the uploaded file and record it (alt text required for images)',
  description:
    'The api reads the file, checks its magic bytes, size and dimensions, and records it. A cover replaces the previous one; a cover under 1400 px on its shorter side is kept but flagged by validation (`cover_too_small`).',
  request: { params: mediaParams, body: jsonBody(MediaCompleteRequestSchema) },
  responses: {
    201: jsonResponse(MediaItemSchema, 'The recorded item'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
    ...rejected,
  },
});

export const listMediaRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/media',
  tags,
  security,
  summary: "The book's media, newest first (`kind=cover` gives the cover)",
  request: { params: bookParams, query: MediaListQuerySchema },
  responses: {
    200: jsonResponse(pageOf(MediaItemSchema), 'A page of media'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const updateMediaRoute = createRoute({
  method: 'patch',
  path: '/api/books/{id}/media/{mediaId}',
  tags,
  security,
  summary: 'Change alt text, caption or credit (writers of the book)',
  request: { params: mediaParams, body: jsonBody(MediaUpdateRequestSchema) },
  responses: {
    200: jsonResponse(MediaItemSchema, 'The item'),
    ...errorResponses(400, 401, 403, 404, 429),
  },
});

export const deleteMediaRoute = createRoute({
  method: 'delete',
  path: '/api/books/{id}/media/{mediaId}',
  tags,
  security,
  summary: 'Delete an item and its file (writers of the book)',
  request: { params: mediaParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409, 429) },
});

export const mediaContentRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/media/{mediaId}/content',
  tags,
  security,
  summary: 'The bytes: a redirect to a URL valid for one minute (anyone who may read the book)',
  request: { params: mediaParams },
  responses: {
    302: { description: 'Redirect to a short-lived presigned GET' },
    ...errorResponses(400, 401, 404, 429),
  },
});

export const mediaContentUrlRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/media/{mediaId}/url',
  tags,
  security,
  summary: 'A URL for `<img src>`, valid for one minute (anyone who may read the book)',
  description:
    'For clients that cannot send the token with an image request: the same short-lived presigned GET that `…/content` redirects to, as JSON.',
  request: { params: mediaParams },
  responses: {
    200: jsonResponse(MediaContentUrlSchema, 'The URL and when it stops working'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export function registerMediaRoutes(app: App): void {
  // Each upload start signs a URL and writes a record; a runaway client should not fill the bucket.
  const uploadLimit = rateLimit({ name: 'mediaUpload', limit: 60, windowMs: 60_000, by: 'user' });
  app.use('/api/books/:id/media', (c, next) => (c.req.method === 'POST' ? uploadLimit(c, next) : next()));
  app.openapi(startUploadRoute, handlers.startUpload);
  app.openapi(completeUploadRoute, handlers.completeUpload);
  app.openapi(listMediaRoute, handlers.listMedia);
  app.openapi(updateMediaRoute, handlers.updateMedia);
  app.openapi(deleteMediaRoute, handlers.deleteMedia);
  app.openapi(mediaContentRoute, handlers.mediaContent);
  app.openapi(mediaContentUrlRoute, handlers.mediaContentUrl);
}
