import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { searchServiceFor } from '../../search/searchService.ts';
import { confirmVisible } from '../../search/visibilityCheck.ts';
import type { searchRoute } from './search.routes.ts';

export const search: RouteHandler<typeof searchRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  const { q, cursor, limit, ...filters } = c.req.valid('query');
  const service = searchServiceFor(c.var.deps);
  // Normally started with the server; a process that never started it (a test app) loads it here.
  await service.start();
  const viewer = { userId: auth.sub, roles: auth.roles };
  const page = service.index.search({ q, filters, viewer, limit, cursor });
  // The index trails the table by the event delay: the table has the last word on who may see what.
  const { visible, stale } = await confirmVisible(c.var.deps, viewer, page.items);
  if (stale.length > 0 && service.role === 'indexer') {
    for (const bookId of stale) {
      service.indexer
        .reindexBook(bookId, new Set())
        .catch((error: unknown) => c.var.log.warn({ err: error, bookId }, 'search re-read failed'));
    }
  }
  return c.json({ items: visible, nextCursor: page.nextCursor }, 200);
};
