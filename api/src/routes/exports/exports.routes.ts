import { IdSchema, pageOf } from '@galley/shared/api/common';
import {
  ExportCreateRequestSchema,
  ExportJobSchema,
  ExportListQuerySchema,
} from '@galley/shared/api/exports';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './exports.handlers.ts';

const tags = ['exports'];
const security = [{ bearer: [] }];
const bookParams = z.object({ id: IdSchema });
const jobParams = z.object({ jobId: IdSchema });
const JobResponseSchema = z.object({ job: ExportJobSchema });
const readers =
  'For anyone who may read the book (members, publishers, admins); to anyone else the book is a 404.';

export const createExportRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/exports',
  tags,
  security,
  summary: 'Start an export of the book (EPUB 3), checked by EPUBCheck and Ace by DAISY',
  description: `${readers} The export runs as a job: poll \`GET /api/exports/{jobId}\`. With \`versionId\`, the named version is exported as it was saved (its text and metadata); without it, the book as it is now. The job records which (\`source\`). While an export of the same text is queued or running, starting another returns that one; an unknown version, or one of another book, is a 404.`,
  request: { params: bookParams, body: jsonBody(ExportCreateRequestSchema) },
  responses: {
    202: jsonResponse(JobResponseSchema, 'The job (queued, or the one already under way)'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const listExportsRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/exports',
  tags,
  security,
  summary: "The book's exports, newest first",
  description: `${readers} With \`versionId\`, only the exports of that named version.`,
  request: { params: bookParams, query: ExportListQuerySchema },
  responses: {
    200: jsonResponse(pageOf(ExportJobSchema), 'A page of export jobs'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const getExportRoute = createRoute({
  method: 'get',
  path: '/api/exports/{jobId}',
  tags,
  security,
  summary: 'An export job: status, progress, the checkers’ findings and where to download it',
  description: `${readers} A job whose server stopped while it ran is reported as failed (\`export_interrupted\`) once its lease has run out.`,
  request: { params: jobParams },
  responses: { 200: jsonResponse(JobResponseSchema, 'The job'), ...errorResponses(400, 401, 404, 429) },
});

const fileResponse = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string().openapi({ format: 'binary' }) } },
});

export const downloadExportRoute = createRoute({
  method: 'get',
  path: '/api/exports/{jobId}/download',
  tags,
  security,
  summary: 'The exported EPUB file',
  description: `${readers} Streamed through the api so access is checked on every download. 404 until the job has succeeded.`,
  request: { params: jobParams },
  responses: { 200: fileResponse('application/epub+zip', 'The EPUB'), ...errorResponses(400, 401, 404, 429) },
});

export const exportReportRoute = createRoute({
  method: 'get',
  path: '/api/exports/{jobId}/reports/{checker}',
  tags,
  security,
  summary: "A checker's full JSON report (EPUBCheck's or Ace's) as the checker wrote it",
  description: readers,
  request: { params: jobParams.extend({ checker: z.enum(['epubcheck', 'ace']) }) },
  responses: { 200: fileResponse('application/json', 'The report'), ...errorResponses(400, 401, 404, 429) },
});

export function registerExportRoutes(app: App): void {
  // An export holds a JVM and a browser for a while; ten a minute per person is plenty for a human.
  const limitCreates = rateLimit({ name: 'exports-create', limit: 10, windowMs: 60_000, by: 'user' });
  app.use('/api/books/:id/exports', async (c, next) =>
    c.req.method === 'POST' ? limitCreates(c, next) : next(),
  );
  app.openapi(createExportRoute, handlers.createExport);
  app.openapi(listExportsRoute, handlers.listExports);
  app.openapi(getExportRoute, handlers.getExport);
  app.openapi(downloadExportRoute, handlers.downloadExport);
  app.openapi(exportReportRoute, handlers.exportReport);
}
