import { SyncTokenCreateSchema, SyncTokenResponseSchema, syncTokenDocs } from '@galley/shared/sync/syncToken';
import { createRoute } from '@hono/zod-openapi';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { NotFoundError } from '../../errors.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';

export const createSyncTokenRoute = createRoute({
  method: 'post',
  path: '/api/sync-tokens',
  tags: ['sync'],
  security: [{ bearer: [] }],
  summary: 'A short-lived token that opens the chapters of one book on the sync server',
  description:
    'ES256, verified by the sync server against /api/.well-known/jwks.json. Names the book, the access level (`edit`, `comment`, `read`) and the session of the caller (`sid`: signing out closes what the token opened). A book the caller may not see is a 404.',
  request: { body: jsonBody(SyncTokenCreateSchema) },
  responses: {
    201: jsonResponse(SyncTokenResponseSchema, 'The token'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export function registerSyncTokenRoutes(app: App): void {
  // Clients ask for one per book and renew before expiry; this is generous for that and stops loops.
  app.use('/api/sync-tokens', rateLimit({ name: 'sync-tokens', limit: 120, windowMs: 60_000, by: 'user' }));
  app.openapi(createSyncTokenRoute, async (c) => {
    const auth = requireAuth(c);
    const { bookId } = c.req.valid('json');
    const { deps } = c.var;
    // The same access the book's responses report; a book in the bin has none (closed until restored).
    const { access } = await loadBookFor(deps, auth, bookId, 'read');
    if (!access) throw new NotFoundError('Book');
    const ttl = deps.env.SYNC_TOKEN_TTL_SECONDS;
    const token = await deps.keys.sign(
      'sync',
      { sub: auth.sub, book: bookId, access, docs: syncTokenDocs(bookId), sid: auth.sid },
      ttl,
    );
    const expiresAt = new Date(Math.floor(deps.now() / 1000) * 1000 + ttl * 1000).toISOString();
    return c.json({ token, access, expiresAt }, 201);
  });
}
