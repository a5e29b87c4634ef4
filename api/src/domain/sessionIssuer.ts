import type { AccessClaims, SignedIn } from '@galley/shared/api/auth';
import { ErrorCode } from '@galley/shared/errors';
import { ulid } from 'ulid';
import { signAccessToken } from '../auth/accessToken.ts';
import { InvalidTokenError } from '../auth/authErrors.ts';
import { deviceName } from '../auth/deviceName.ts';
import { judgeRefreshToken, REFRESH_GRACE_MS } from '../auth/refreshGrace.ts';
import { newRefreshToken, sessionIdOf } from '../auth/refreshToken.ts';
import { sha256 } from '../auth/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { UnauthenticatedError } from '../errors.ts';
import { presentUser } from '../presenters/presentUser.ts';
import {
  createSession,
  getSession,
  rotateRefreshToken,
  rotateWithinGrace,
  type SessionRecord,
} from '../store/sessionsRepo.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { getUserById } from '../store/usersRepo.ts';
import { revokeSession } from './sessionRevoker.ts';

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** Starts a session (a new refresh family) after a successful sign-in, and returns the first token pair. */
export async function issueSession(
  deps: AppDeps,
  user: UserRecord,
  client: ClientInfo,
  amr: AccessClaims['amr'],
): Promise<SignedIn> {
  const nowMs = deps.now();
  const at = new Date(nowMs).toISOString();
  const sid = ulid(nowMs);
  const refreshToken = newRefreshToken(sid);
  const session: SessionRecord = {
    id: sid,
    userId: user.id,
    tokenHash: sha256(refreshToken),
    previousHashes: [],
    authTime: Math.floor(nowMs / 1000),
    amr,
    ip: client.ip,
    userAgent: client.userAgent.slice(0, 512),
    device: deviceName(client.userAgent),
    createdAt: at,
    lastUsedAt: at,
    expiresAt: Math.floor(nowMs / 1000) + deps.env.REFRESH_TOKEN_TTL_DAYS * 86_400,
  };
  await createSession(deps, session);
  const access = await signAccessToken(deps, user, { sid, authTime: session.authTime, amr });
  return { ...access, refreshToken, user: presentUser(user) };
}

export type RefreshOutcome =
  /** `viaGrace`: the previous token came back within the grace window (a lost answer), see refreshGrace.ts. */
  | { kind: 'rotated'; signedIn: SignedIn; session: SessionRecord; viaGrace: boolean }
  | { kind: 'reused'; session: SessionRecord };

/**
 * The presented token can only move current → grace → reused, and each failed conditional write means
 * it moved one step, so the third judgement is always final.
 */
const MAX_JUDGEMENTS = 3;

/**
 * Rotates a refresh token. The presented token must be the family's current one, or the one the last
 * rotation replaced, once, within the grace window (its answer was lost). Any other earlier one means
 * it was copied (stolen, or replayed by an attacker after the owner moved on), so the whole family is
 * revoked and the caller reports reuse. A garbled or unknown token revokes nothing: anyone could send it.
 *
 * Concurrent requests with the same token are judged as if they came one after the other: every write
 * is conditional on the state that was judged, and a request that loses re-reads and is judged again.
 * So of two at once, one rotates and the other takes the grace path (the first one's new token is then
 * retired unused: a duplicate in-flight request and a lost answer look the same to us); a third is
 * reuse. At most one refresh token of a family is ever live.
 */
export async function refreshSession(deps: AppDeps, refreshToken: string): Promise<RefreshOutcome> {
  const sid = sessionIdOf(refreshToken);
  if (!sid) throw new InvalidTokenError();
  const presented = sha256(refreshToken);
  for (let judgement = 0; judgement < MAX_JUDGEMENTS; judgement++) {
    const session = await getSession(deps, sid);
    if (!session) throw new InvalidTokenError();
    const nowMs = deps.now();
    const verdict = judgeRefreshToken(session, presented, nowMs);
    if (verdict === 'unknown') throw new InvalidTokenError();
    if (verdict === 'reused') {
      await revokeSession(deps, session, 'refresh_token_reused');
      return { kind: 'reused', session };
    }
    if (session.revokedAt)
      throw new UnauthenticatedError('This session was signed out.', ErrorCode.sessionRevoked);
    if (session.expiresAt <= Math.floor(nowMs / 1000)) {
      throw new UnauthenticatedError('The session has expired; sign in again.', ErrorCode.tokenExpired);
    }
    const user = await getUserById(deps, session.userId);
    if (!user) throw new InvalidTokenError();

    const next = newRefreshToken(sid);
    const at = new Date(nowMs).toISOString();
    const written =
      verdict === 'current'
        ? await rotateRefreshToken(deps, session, sha256(next), at, nowMs + REFRESH_GRACE_MS)
        : await rotateWithinGrace(deps, session, presented, sha256(next), at);
    if (written) {
      const access = await signAccessToken(deps, user, { sid, authTime: session.authTime, amr: session.amr });
      const signedIn = { ...access, refreshToken: next, user: presentUser(user) };
      return { kind: 'rotated', session, signedIn, viaGrace: verdict === 'grace' };
    }
  }
  throw new Error(`refresh of session ${sid} was still contended after ${MAX_JUDGEMENTS} judgements`);
}
