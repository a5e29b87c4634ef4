import { IdSchema } from '@galley/shared/api/common';
import { ValidationReportSchema } from '@galley/shared/api/validation';
import { createRoute, z } from '@hono/zod-openapi';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { runBookValidation } from '../../domain/bookValidationRunner.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';

export const validateBookRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/validation',
  tags: ['books'],
  security: [{ bearer: [] }],
  summary: 'Check the book: located problems in its chapters and metadata',
  description:
    'Reads every chapter as the sync server stored it, the metadata and the cover, and returns each problem with a stable `code`, a `severity` (errors block publication, warnings do not) and where it is: a chapter and a ProseMirror position the editor can select, or a metadata field. Anyone who may read the book may check it.',
  request: { params: z.object({ id: IdSchema }) },
  responses: {
    200: jsonResponse(ValidationReportSchema, 'The report'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export function registerValidationRoutes(app: App): void {
  // Each run reads every chapter: a per-user ceiling keeps a stuck client from hammering storage.
  app.use(
    '/api/books/:id/validation',
    rateLimit({ name: 'validation', limit: 30, windowMs: 60_000, by: 'user' }),
  );
  app.openapi(validateBookRoute, async (c) => {
    const auth = requireAuth(c);
    const guarded = await loadBookFor(c.var.deps, auth, c.req.valid('param').id, 'read');
    return c.json(await runBookValidation(c.var.deps, guarded), 200);
  });
}
