import type { AppDeps } from '../deps.ts';
import { revokedSessionKey } from '../middleware/authenticate.ts';
import { listSessionsOfUser, markSessionRevoked } from '../store/sessionsRepo.ts';
import { announceRevokedAccess } from './accessRevoker.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now' | 'counters' | 'env'>;
type AnnouncingDeps = Deps & Pick<AppDeps, 'revocations' | 'log'>;

/**
 * Revokes one session (logout, revoked from Account → Sessions, a refresh family ended for reuse) and
 * tells the sync nodes, so the connections opened with sync tokens that session fetched (they name it as
 * `sid`) close within seconds, while the person's other sessions edit on. Returns whether this call
 * ended it; the announcement goes out either way, like the denylist entry (see endSession).
 */
export async function revokeSession(
  deps: AnnouncingDeps,
  session: { id: string; userId: string },
  reason: string,
): Promise<boolean> {
  const revoked = await endSession(deps, session.id, reason);
  await announceRevokedAccess(deps, { userId: session.userId, sessionId: session.id });
  return revoked;
}

/**
 * Marks a session (refresh family) revoked and denylists its id for one access-token lifetime, so access
 * tokens already handed out stop at once instead of living on until they expire. The denylist entry is
 * set even when the session was already revoked: setting it twice is harmless, missing it is not.
 */
async function endSession(deps: Deps, sessionId: string, reason: string): Promise<boolean> {
  const revoked = await markSessionRevoked(deps, sessionId, new Date(deps.now()).toISOString(), reason);
  await deps.counters.hit(revokedSessionKey(sessionId), deps.env.ACCESS_TOKEN_TTL_SECONDS * 1000);
  return revoked;
}

/**
 * Every live session of the user (password reset, password change, roles lowered), except
 * `keepSessionId`. Sync tokens those sessions fetched are bearer tokens that outlive them, so the sync
 * nodes are told to close every connection of the user: each reconnects only with a fresh token, which
 * a revoked session cannot get. With every session ended that is always announced (a session that had
 * just expired may have left a connection open); when one is kept, only if another was ended, so
 * changing the password on one's only device does not interrupt its editing.
 */
export async function revokeAllSessions(
  deps: AnnouncingDeps,
  userId: string,
  reason: string,
  keepSessionId?: string,
): Promise<string[]> {
  const nowSeconds = Math.floor(deps.now() / 1000);
  const live = (await listSessionsOfUser(deps, userId)).filter(
    (s) => !s.revokedAt && s.expiresAt > nowSeconds && s.id !== keepSessionId,
  );
  await Promise.all(live.map((s) => endSession(deps, s.id, reason)));
  if (keepSessionId === undefined || live.length > 0) await announceRevokedAccess(deps, { userId });
  return live.map((s) => s.id);
}
