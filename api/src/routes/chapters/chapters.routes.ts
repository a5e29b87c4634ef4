import {
  BookDetailSchema,
  ChapterCreateRequestSchema,
  ChapterOrderRequestSchema,
  ChapterUpdateRequestSchema,
  ChapterWriteResponseSchema,
} from '@galley/shared/api/books';
import { IdSchema } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { etagHeader } from '../books/versionPrecondition.ts';
import * as handlers from './chapters.handlers.ts';

const tags = ['chapters'];
const security = [{ bearer: [] }];
const bookParams = z.object({ id: IdSchema });
const chapterParams = z.object({ id: IdSchema, chapterId: IdSchema });
const withEtag = <T extends z.ZodType>(schema: T, description: string) => ({
  ...jsonResponse(schema, description),
  headers: etagHeader,
});
const writers = 'Owner, co-authors and admins. Every chapter write bumps the book version (see ETag).';

export const createChapterRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/chapters',
  tags,
  security,
  summary: 'Add a chapter at the end, or after `after`',
  description: `${writers} A book holds at most 98 chapters (409 \`chapter_limit_reached\`).`,
  request: { params: bookParams, body: jsonBody(ChapterCreateRequestSchema) },
  responses: {
    201: withEtag(ChapterWriteResponseSchema, 'The chapter and the book'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const updateChapterRoute = createRoute({
  method: 'patch',
  path: '/api/books/{id}/chapters/{chapterId}',
  tags,
  security,
  summary: "Rename a chapter or change its kind, at the chapter's `version`",
  description: `${writers} A stale chapter version is 409 \`conflict\` with the chapter in \`details.current\`.`,
  request: { params: chapterParams, body: jsonBody(ChapterUpdateRequestSchema) },
  responses: {
    200: withEtag(ChapterWriteResponseSchema, 'The chapter and the book'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const reorderChaptersRoute = createRoute({
  method: 'put',
  path: '/api/books/{id}/chapters/order',
  tags,
  security,
  summary: 'Put the chapters in a new reading order',
  description: `${writers} \`chapterIds\` must name every chapter exactly once (else 400 \`chapter_set_mismatch\`). Guarded by the book version (If-Match or \`version\`, 428 without): a stale one is 409 with \`details.current\`.`,
  request: {
    params: bookParams,
    headers: z.object({ 'if-match': z.string().optional() }),
    body: jsonBody(ChapterOrderRequestSchema),
  },
  responses: {
    200: withEtag(BookDetailSchema, 'The book in its new order'),
    ...errorResponses(400, 401, 403, 404, 409, 428, 429),
  },
});

export const deleteChapterRoute = createRoute({
  method: 'delete',
  path: '/api/books/{id}/chapters/{chapterId}',
  tags,
  security,
  summary: 'Remove a chapter from the book',
  description: writers,
  request: { params: chapterParams },
  responses: {
    200: withEtag(BookDetailSchema, 'The book without the chapter'),
    ...errorResponses(400, 401, 403, 404, 429),
  },
});

export function registerChapterRoutes(app: App): void {
  app.openapi(createChapterRoute, handlers.createChapter);
  // Registered before /{chapterId} routes would matter only for PATCH/DELETE; `order` is PUT-only.
  app.openapi(reorderChaptersRoute, handlers.reorderChapters);
  app.openapi(updateChapterRoute, handlers.updateChapter);
  app.openapi(deleteChapterRoute, handlers.deleteChapter);
}
