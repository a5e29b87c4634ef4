import { ErrorCode } from '@galley/shared/errors';
import { InvalidTokenError, WeakPasswordError } from '../auth/authErrors.ts';
import { hashPassword } from '../auth/passwordHasher.ts';
import { checkPasswordPolicy } from '../auth/passwordPolicy.ts';
import { sha256 } from '../auth/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { UnauthenticatedError } from '../errors.ts';
import { consumeOneTimeToken, type OneTimeTokenType, peekOneTimeToken } from '../store/oneTimeTokensRepo.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { getUserById, mutateUser } from '../store/usersRepo.ts';
import { revokeAllSessions } from './sessionRevoker.ts';

function assertFresh(deps: AppDeps, expiresAt: number): void {
  if (expiresAt <= Math.floor(deps.now() / 1000)) {
    throw new UnauthenticatedError('This link has expired; ask for a new one.', ErrorCode.tokenExpired);
  }
}

/** Spends the token (conditional delete: one use wins) and returns its user id. */
async function redeem(deps: AppDeps, token: string, type: OneTimeTokenType): Promise<string> {
  const record = await consumeOneTimeToken(deps, sha256(token), type);
  if (!record) throw new InvalidTokenError('This link is not valid or was already used.');
  assertFresh(deps, record.expiresAt);
  return record.userId;
}

export async function verifyEmail(deps: AppDeps, token: string): Promise<UserRecord> {
  const userId = await redeem(deps, token, 'verify_email');
  return mutateUser(deps, userId, (u) => ({ ...u, emailVerified: true }));
}

/**
 * Sets a new password from a reset link and signs out every session. The policy is checked before the
 * token is spent, so a rejected password does not burn the link.
 */
export async function resetPassword(deps: AppDeps, token: string, password: string): Promise<UserRecord> {
  const pending = await peekOneTimeToken(deps, sha256(token), 'password_reset');
  if (!pending) throw new InvalidTokenError('This link is not valid or was already used.');
  assertFresh(deps, pending.expiresAt);
  const owner = await getUserById(deps, pending.userId);
  if (!owner) throw new InvalidTokenError('This link is not valid or was already used.');
  const violation = checkPasswordPolicy(password, owner.email);
  if (violation) throw new WeakPasswordError(violation);
  const passwordHash = await hashPassword(password);
  const userId = await redeem(deps, token, 'password_reset');
  const user = await mutateUser(deps, userId, (u) => ({
    ...u,
    passwordHash,
    passwordChangedAt: new Date(deps.now()).toISOString(),
    // Receiving the reset mail proves the address, too.
    emailVerified: true,
  }));
  await revokeAllSessions(deps, userId, 'password_reset');
  return user;
}
