import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { searchServiceFor } from '../../search/searchService.ts';
import type { searchRoute } from './search.routes.ts';

export const search: RouteHandler<typeof searchRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  const { q, cursor, limit, ...filters } = c.req.valid('query');
  const service = searchServiceFor(c.var.deps);
  // Normally started with the server; a process that never started it (a test app) loads it here.
  await service.start();
  const page = service.index.search({
    q,
    filters,
    viewer: { userId: auth.sub, roles: auth.roles },
    limit,
    cursor,
  });
  return c.json(page, 200);
};
