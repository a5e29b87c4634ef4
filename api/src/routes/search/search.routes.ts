import { SearchQuerySchema, SearchResultPageSchema } from '@galley/shared/api/search';
import { createRoute } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './search.handlers.ts';

export const searchRoute = createRoute({
  method: 'get',
  path: '/api/search',
  tags: ['search'],
  security: [{ bearer: [] }],
  summary: 'Full-text search over the books the caller may read',
  description:
    'Searches titles, contributors, metadata (description, keywords, publisher, series, ISBN), chapter titles and chapter text, ranked in that order of weight; every word must match, as a prefix from three letters and with one typo allowed from five. Only books the caller may read are searched (members, and publishers and admins for every book); books in the bin never appear. Each result carries snippets of the matching text with `highlights` as [start, end) offsets for the client to mark. Follow `nextCursor` (valid only with the same q and filters) until it is null. Each page is also checked against the table before it is returned, so access taken away a moment ago (a removed member, a binned book) is honoured before the index has caught up; such a page comes back one result shorter. Chapter text edits reach the index within seconds while someone is writing, and within minutes after a quiet spell.',
  request: { query: SearchQuerySchema },
  responses: {
    200: jsonResponse(SearchResultPageSchema, 'A page of results, best first'),
    ...errorResponses(400, 401, 429),
  },
});

/** Two searches a second per person for a minute: far above a person at a search box, and a scraper is slowed. */
export const SEARCHES_PER_MINUTE = 120;

export function registerSearchRoutes(app: App): void {
  app.use(
    '/api/search',
    rateLimit({ name: 'search', limit: SEARCHES_PER_MINUTE, windowMs: 60_000, by: 'user' }),
  );
  app.openapi(searchRoute, handlers.search);
}
