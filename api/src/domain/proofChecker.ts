import { ErrorCode } from '@galley/shared/errors';
import { InvalidMfaCodeError, WrongProofError } from '../auth/authErrors.ts';
import { LoginThrottle, MFA_RULE, mfaSubject, proofSubject } from '../auth/loginThrottle.ts';
import { verifyPassword } from '../auth/passwordHasher.ts';
import type { AppDeps } from '../deps.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { checkSecondFactor, type SecondFactor } from './secondFactorChecker.ts';

/**
 * Proofs of presence from a signed-in user. Failures count against the user's own throttle (5, then
 * doubling locks), so a stolen access token cannot be used to guess the password or a TOTP code.
 * Wrong proofs are 403: the session itself is fine.
 */
export async function assertPassword(deps: AppDeps, user: UserRecord, password: string): Promise<void> {
  const throttle = new LoginThrottle(deps.counters);
  const subject = proofSubject(user.id);
  await throttle.assertAllowed([subject]);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await throttle.recordFailure(subject, MFA_RULE);
    throw new WrongProofError();
  }
}

export async function assertSecondFactor(
  deps: AppDeps,
  userId: string,
  code: string,
  options: { allowRecovery: boolean },
): Promise<{ factor: SecondFactor; user: UserRecord }> {
  const throttle = new LoginThrottle(deps.counters);
  const subject = proofSubject(userId);
  await throttle.assertAllowed([subject]);
  try {
    return await checkSecondFactor(deps, userId, code, options);
  } catch (error) {
    if (!(error instanceof InvalidMfaCodeError)) throw error;
    await throttle.recordFailure(subject, MFA_RULE);
    throw new WrongProofError(ErrorCode.invalidMfaCode, 'That code is not correct or was already used.');
  }
}

/** The second step of an MFA sign-in: 401 `invalid_mfa_code` on a bad code, 429 after repeated ones. */
export async function completeMfaSignIn(
  deps: AppDeps,
  userId: string,
  code: string,
): Promise<{ factor: SecondFactor; user: UserRecord }> {
  const throttle = new LoginThrottle(deps.counters);
  const subject = mfaSubject(userId);
  await throttle.assertAllowed([subject]);
  try {
    const result = await checkSecondFactor(deps, userId, code);
    await throttle.recordSuccess(subject);
    return result;
  } catch (error) {
    if (error instanceof InvalidMfaCodeError) await throttle.recordFailure(subject, MFA_RULE);
    throw error;
  }
}
