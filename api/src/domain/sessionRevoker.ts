import type { AppDeps } from '../deps.ts';
import { revokedSessionKey } from '../middleware/authenticate.ts';
import { listSessionsOfUser, markSessionRevoked } from '../store/sessionsRepo.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now' | 'counters' | 'env'>;

/**
 * Revokes a session (refresh family) and denylists its id for one access-token lifetime, so access
 * tokens already handed out stop at once instead of living on until they expire. The denylist entry is
 * set even when the session was already revoked: setting it twice is harmless, missing it is not.
 */
export async function revokeSession(deps: Deps, sessionId: string, reason: string): Promise<boolean> {
  const revoked = await markSessionRevoked(deps, sessionId, new Date(deps.now()).toISOString(), reason);
  await deps.counters.hit(revokedSessionKey(sessionId), deps.env.ACCESS_TOKEN_TTL_SECONDS * 1000);
  return revoked;
}

/** Every live session of the user (password reset, password change), except `keepSessionId`. */
export async function revokeAllSessions(
  deps: Deps,
  userId: string,
  reason: string,
  keepSessionId?: string,
): Promise<string[]> {
  const nowSeconds = Math.floor(deps.now() / 1000);
  const live = (await listSessionsOfUser(deps, userId)).filter(
    (s) => !s.revokedAt && s.expiresAt > nowSeconds && s.id !== keepSessionId,
  );
  await Promise.all(live.map((s) => revokeSession(deps, s.id, reason)));
  return live.map((s) => s.id);
}
