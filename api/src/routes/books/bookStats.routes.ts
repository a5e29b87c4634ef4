import { BookStatsSchema } from '@galley/shared/api/bookStats';
import { IdSchema } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import { loadBookFor } from '../../domain/bookGuard.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import { countBook } from './bookStats.ts';

export const bookStatsRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/stats',
  tags: ['books'],
  security: [{ bearer: [] }],
  summary: 'Word and character counts of the book and of each chapter',
  description:
    'Counted from every chapter as the sync server stored it (running text only: comment threads, footnote notes and image text are left out). Anyone who may read the book may ask.',
  request: { params: z.object({ id: IdSchema }) },
  responses: {
    200: jsonResponse(BookStatsSchema, 'The counts'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export function registerBookStatsRoutes(app: App): void {
  // Each request reads every chapter: a per-user ceiling keeps a stuck client from hammering storage.
  app.use('/api/books/:id/stats', rateLimit({ name: 'bookStats', limit: 60, windowMs: 60_000, by: 'user' }));
  app.openapi(bookStatsRoute, async (c) => {
    const auth = requireAuth(c);
    const guarded = await loadBookFor(c.var.deps, auth, c.req.valid('param').id, 'read');
    return c.json(await countBook(c.var.deps, guarded), 200);
  });
}
