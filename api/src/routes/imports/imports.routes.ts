import { IdSchema } from '@galley/shared/api/common';
import {
  ImportCreateRequestSchema,
  ImportJobSchema,
  ImportUploadRequestSchema,
  ImportUploadResponseSchema,
  NewBookImportRequestSchema,
} from '@galley/shared/api/imports';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './imports.handlers.ts';

const tags = ['imports'];
const security = [{ bearer: [] }];
const JobResponseSchema = z.object({ job: ImportJobSchema });
const refused = {
  413: {
    description: 'The uploaded file is larger than 20 MB (`import_too_large`); it was deleted',
    content: {
      'application/json': {
        schema: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      },
    },
  },
  422: {
    description:
      'The uploaded file was refused and deleted, nothing was created; `code` says why: `import_not_docx`, `import_corrupt`, `import_zip_bomb`, `import_not_text`, `import_empty`, `import_upload_missing` (nothing uploaded yet)',
    content: {
      'application/json': {
        schema: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
      },
    },
  },
};
const asJob =
  'The import runs as a job: poll `GET /api/imports/{jobId}` (its `result` lists the new chapters and any warnings). If it fails, nothing of it is left: no chapter, no media item, no book.';

export const startImportUploadRoute = createRoute({
  method: 'post',
  path: '/api/imports/uploads',
  tags,
  security,
  summary: 'Start an upload of a file to import (.docx or Markdown, at most 20 MB): a presigned PUT',
  description:
    'PUT the file to `upload.url` with `upload.headers` within 10 minutes, then start the import with the `uploadId`. One upload starts one import.',
  request: { body: jsonBody(ImportUploadRequestSchema) },
  responses: {
    201: jsonResponse(ImportUploadResponseSchema, 'Where to PUT the file'),
    ...errorResponses(400, 401, 429),
  },
});

export const importIntoBookRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/imports',
  tags,
  security,
  summary: "Import an uploaded file into the book: its chapters go after the book's last chapter",
  description: `For those who may edit the book's chapters (owner, co-authors, admins). The top heading level splits chapters (H1, or the highest level the file has); deeper headings become H2–H4. ${asJob}`,
  request: { params: z.object({ id: IdSchema }), body: jsonBody(ImportCreateRequestSchema) },
  responses: {
    202: jsonResponse(JobResponseSchema, 'The queued job'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
    ...refused,
  },
});

export const importNewBookRoute = createRoute({
  method: 'post',
  path: '/api/imports',
  tags,
  security,
  summary: 'Import an uploaded file as a new book (named `title`, or after the file)',
  description: `For those who may create books. The book is created only once the file has converted. ${asJob}`,
  request: { body: jsonBody(NewBookImportRequestSchema) },
  responses: {
    202: jsonResponse(JobResponseSchema, 'The queued job'),
    ...errorResponses(400, 401, 403, 409, 429),
    ...refused,
  },
});

export const getImportRoute = createRoute({
  method: 'get',
  path: '/api/imports/{jobId}',
  tags,
  security,
  summary: 'An import job: status, progress, and its result (book, new chapters, warnings)',
  description:
    'For the person who started it. A job whose server stopped while it ran is reported as failed (`import_interrupted`) once its lease has run out.',
  request: { params: z.object({ jobId: IdSchema }) },
  responses: { 200: jsonResponse(JobResponseSchema, 'The job'), ...errorResponses(400, 401, 404, 429) },
});

export function registerImportRoutes(app: App): void {
  // A conversion holds a whole manuscript in memory for seconds; a person imports a handful a minute at most.
  const limitStarts = rateLimit({ name: 'imports-start', limit: 10, windowMs: 60_000, by: 'user' });
  app.use('/api/imports', async (c, next) => (c.req.method === 'POST' ? limitStarts(c, next) : next()));
  app.use('/api/books/:id/imports', async (c, next) =>
    c.req.method === 'POST' ? limitStarts(c, next) : next(),
  );
  app.openapi(startImportUploadRoute, handlers.startImportUpload);
  app.openapi(importIntoBookRoute, handlers.importIntoBook);
  app.openapi(importNewBookRoute, handlers.importNewBook);
  app.openapi(getImportRoute, handlers.getImport);
}
