import { IdSchema, PageQuerySchema } from '@galley/shared/api/common';
import {
  BookVersionDetailSchema,
  BookVersionPageSchema,
  BookVersionSchema,
  VersionCompareQuerySchema,
  VersionComparisonSchema,
  VersionCreateRequestSchema,
  VersionRestoreRequestSchema,
  VersionRestoreResultSchema,
} from '@galley/shared/api/versions';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './versions.handlers.ts';

const tags = ['versions'];
const security = [{ bearer: [] }];
const bookParams = z.object({ id: IdSchema });
const versionParams = z.object({ id: IdSchema, versionId: IdSchema });
const ifMatchHeader = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'The book version being replaced: `"<version>"` (from ETag)' }),
});
const writers = 'Owner, co-authors and admins; anyone else who may read the book gets 403, others 404.';

export const createVersionRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/versions',
  tags,
  security,
  summary: 'Take a named version: every chapter as stored now, the metadata and the chapter list',
  description: `${writers} Chapters are read from the sync server's storage: what an open editor has not yet saved is not in it.`,
  request: { params: bookParams, body: jsonBody(VersionCreateRequestSchema) },
  responses: {
    201: jsonResponse(BookVersionSchema, 'The version'),
    ...errorResponses(400, 401, 403, 404, 429),
  },
});

export const listVersionsRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/versions',
  tags,
  security,
  summary: 'Versions of the book, newest first, a page at a time',
  description:
    'Anyone who may read the book. Named versions and the automatic ones the workflow takes at each transition (`automatic: true`, `trigger` says which). Follow `nextCursor` until it is null.',
  request: { params: bookParams, query: PageQuerySchema },
  responses: {
    200: jsonResponse(BookVersionPageSchema, 'A page of versions'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const compareVersionsRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/versions/compare',
  tags,
  security,
  summary: 'What changed between two versions (or a version and `current`), chapter by chapter',
  description:
    'Anyone who may read the book. Per chapter: added, removed, changed or unchanged; for changed ones the blocks with their inserted and deleted runs. `by` names the user whose editor inserted a run (from the Yjs client ids the sync server recorded) or deleted it (from the delete sets the sync server records per user; deletions made by a restore name whoever restored); null when nobody was recorded.',
  request: { params: bookParams, query: VersionCompareQuerySchema },
  responses: {
    200: jsonResponse(VersionComparisonSchema, 'The comparison'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const getVersionRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/versions/{versionId}',
  tags,
  security,
  summary: 'A version, read-only: metadata and every chapter as ProseMirror JSON',
  description: 'Anyone who may read the book.',
  request: { params: versionParams },
  responses: {
    200: jsonResponse(BookVersionDetailSchema, 'The version'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const restoreVersionRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/versions/{versionId}/restore',
  tags,
  security,
  summary: "Bring back a version's text, for one chapter or the whole book, as a new change",
  description: `${writers} The caller also needs edit access to the chapters (a writer set to comment or read gets 403). Each restored chapter gets one new entry in its update log that replaces its text with the version's; the history before it is kept. With \`chapterId\`, that chapter's text only (a chapter deleted since is 409 \`chapter_missing\`). Without it, the whole book: the metadata (title, subtitle, contributors, …) and the chapter list (titles, kinds, order) in one transaction guarded by the book's version (\`If-Match\` or \`version\`, 428 without; a stale one is 409 \`conflict\` with \`details.current\` and nothing is written), chapters deleted since created again (\`recreatedChapters\`), chapters added since kept after the version's (\`keptChapters\`), then every chapter's text. Workflow status, members and comment threads are not restored. One restore of a book at a time: another one running is 409 \`restore_in_progress\`.`,
  request: { params: versionParams, headers: ifMatchHeader, body: jsonBody(VersionRestoreRequestSchema) },
  responses: {
    200: jsonResponse(VersionRestoreResultSchema, 'What was restored'),
    ...errorResponses(400, 401, 403, 404, 409, 428, 429),
  },
});

export function registerVersionRoutes(app: App): void {
  // Creating, opening, comparing and restoring read every chapter: a per-user ceiling keeps one
  // stuck client from hammering storage.
  app.use(
    '/api/books/:id/versions/*',
    rateLimit({ name: 'versions', limit: 60, windowMs: 60_000, by: 'user' }),
  );
  app.openapi(createVersionRoute, handlers.createVersion);
  app.openapi(listVersionsRoute, handlers.listVersions);
  // Before /{versionId}, so `compare` is never read as a version id.
  app.openapi(compareVersionsRoute, handlers.compareVersions);
  app.openapi(getVersionRoute, handlers.getVersion);
  app.openapi(restoreVersionRoute, handlers.restoreVersion);
}
