import type { AccessClaims, SignedIn } from '@galley/shared/api/auth';
import { ErrorCode } from '@galley/shared/errors';
import { ulid } from 'ulid';
import { signAccessToken } from '../auth/accessToken.ts';
import { InvalidTokenError } from '../auth/authErrors.ts';
import { deviceName } from '../auth/deviceName.ts';
import { newRefreshToken, sessionIdOf } from '../auth/refreshToken.ts';
import { sha256 } from '../auth/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { UnauthenticatedError } from '../errors.ts';
import { presentUser } from '../presenters/presentUser.ts';
import { createSession, getSession, rotateRefreshToken, type SessionRecord } from '../store/sessionsRepo.ts';
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
  | { kind: 'rotated'; signedIn: SignedIn; session: SessionRecord }
  | { kind: 'reused'; session: SessionRecord };

/**
 * Rotates a refresh token. The presented token must be the family's current one; an earlier one means
 * it was copied (stolen, or replayed by an attacker after the owner moved on), so the whole family is
 * revoked and the caller reports reuse. A garbled or unknown token revokes nothing: anyone could send it.
 */
export async function refreshSession(deps: AppDeps, refreshToken: string): Promise<RefreshOutcome> {
  const sid = sessionIdOf(refreshToken);
  if (!sid) throw new InvalidTokenError();
  const session = await getSession(deps, sid);
  if (!session) throw new InvalidTokenError();
  const presented = sha256(refreshToken);
  const nowMs = deps.now();
  if (session.previousHashes.includes(presented)) {
    await revokeSession(deps, sid, 'refresh_token_reused');
    return { kind: 'reused', session };
  }
  if (presented !== session.tokenHash) throw new InvalidTokenError();
  if (session.revokedAt)
    throw new UnauthenticatedError('This session was signed out.', ErrorCode.sessionRevoked);
  if (session.expiresAt <= Math.floor(nowMs / 1000)) {
    throw new UnauthenticatedError('The session has expired; sign in again.', ErrorCode.tokenExpired);
  }
  const user = await getUserById(deps, session.userId);
  if (!user) throw new InvalidTokenError();

  const next = newRefreshToken(sid);
  const rotated = await rotateRefreshToken(deps, session, sha256(next), new Date(nowMs).toISOString());
  if (!rotated) {
    const latest = await getSession(deps, sid);
    if (latest?.revokedAt && !latest.previousHashes.includes(presented)) {
      throw new UnauthenticatedError('This session was signed out.', ErrorCode.sessionRevoked);
    }
    // Someone rotated with this same token a moment before us: the same token twice is reuse.
    await revokeSession(deps, sid, 'refresh_token_reused');
    return { kind: 'reused', session };
  }
  const access = await signAccessToken(deps, user, { sid, authTime: session.authTime, amr: session.amr });
  return { kind: 'rotated', session, signedIn: { ...access, refreshToken: next, user: presentUser(user) } };
}
