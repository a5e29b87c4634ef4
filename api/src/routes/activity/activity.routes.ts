import { ActivityPageSchema, ActivityQuerySchema } from '@galley/shared/api/activity';
import { IdSchema } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import { readActivity } from '../../activity/activityReader.ts';
import { loadBookFor } from '../../domain/bookGuard.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { requireAuth } from '../../middleware/authenticate.ts';

export const bookActivityRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/activity',
  tags: ['books'],
  security: [{ bearer: [] }],
  summary: 'Who changed which chapter, per day (UTC), newest day first',
  description:
    'Anyone who may read the book. Each entry is one person on one chapter during one day: the number of changes the sync server stored and the first and last time. `days` (1–31, default 7) days with activity per page; pass `nextCursor` back as `cursor` for older ones. A page reads at most 1,000 rows; counts reach the server within seconds of the edits.',
  request: { params: z.object({ id: IdSchema }), query: ActivityQuerySchema },
  responses: {
    200: jsonResponse(ActivityPageSchema, 'A page of days'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export function registerActivityRoutes(app: App): void {
  app.openapi(bookActivityRoute, async (c) => {
    const auth = requireAuth(c);
    const { id } = c.req.valid('param');
    await loadBookFor(c.var.deps, auth, id, 'read');
    return c.json(await readActivity(c.var.deps, id, c.req.valid('query')), 200);
  });
}
