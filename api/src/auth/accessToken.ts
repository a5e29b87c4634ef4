import type { AccessClaims } from '@galley/shared/api/auth';
import type { AppDeps } from '../deps.ts';
import type { UserRecord } from '../store/userRecord.ts';

/** Signs the access JWT with exactly the AccessClaimsSchema claims; roles and MFA state are read fresh from the user. */
export async function signAccessToken(
  deps: Pick<AppDeps, 'keys' | 'env'>,
  user: UserRecord,
  session: { sid: string; authTime: number; amr: AccessClaims['amr'] },
): Promise<{ accessToken: string; expiresIn: number }> {
  const claims: AccessClaims = {
    sub: user.id,
    sid: session.sid,
    roles: user.roles,
    auth_time: session.authTime,
    amr: session.amr,
    mfa: user.mfa.enabled,
  };
  const expiresIn = deps.env.ACCESS_TOKEN_TTL_SECONDS;
  return { accessToken: await deps.keys.sign('access', claims, expiresIn), expiresIn };
}
