import { AccessClaimsSchema } from '@galley/shared/api/auth';
import type { Context, MiddlewareHandler } from 'hono';
import { UnauthenticatedError } from '../errors.ts';
import type { AppEnv, AuthContext } from '../http/appEnv.ts';

/** Key in the counter store marking a revoked session, so its live access tokens stop working at once. */
export const revokedSessionKey = (sessionId: string) => `revoked-session:${sessionId}`;

/**
 * Reads `Authorization: Bearer <access JWT>` when present. A bad or expired token is a 401 even on a
 * public route, so the client learns to refresh instead of silently acting anonymously.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) return next();
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match?.[1]) throw new UnauthenticatedError('Authorization must be a Bearer token.', 'invalid_token');
    const { keys, counters } = c.var.deps;
    const payload = await keys.verify('access', match[1]);
    const claims = AccessClaimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthenticatedError('The token is not valid.', 'invalid_token');
    const revoked = await counters.peek(revokedSessionKey(claims.data.sid));
    if (revoked.count > 0) throw new UnauthenticatedError('This session was signed out.', 'session_revoked');
    c.set('auth', { ...claims.data, token: match[1] });
    return next();
  };
}

/** The caller, or 401. Every non-public handler starts with this. */
export function requireAuth(c: Context<AppEnv>): AuthContext {
  const auth = c.var.auth;
  if (!auth) throw new UnauthenticatedError();
  return auth;
}
