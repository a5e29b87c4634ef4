import { ErrorCode } from '@galley/shared/errors';
import { WrongProofError } from '../auth/authErrors.ts';
import { newRecoveryCodes } from '../auth/secrets.ts';
import { createTotpEnrolment, matchTotpStep } from '../auth/totp.ts';
import type { AppDeps } from '../deps.ts';
import { ConflictError } from '../errors.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { mutateUser } from '../store/usersRepo.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now' | 'mfaSecrets'>;

/**
 * Step 1 of TOTP enrolment: a new secret kept (sealed) as pending until the user proves their app has
 * it. A repeated setup replaces the pending secret, so an abandoned QR code never becomes valid.
 */
export async function startTotpSetup(deps: Deps, user: UserRecord) {
  if (user.mfa.enabled) {
    throw new ConflictError('Two-step verification is already on.', ErrorCode.mfaAlreadyEnabled);
  }
  const enrolment = await createTotpEnrolment(user.email);
  const sealed = deps.mfaSecrets.seal(user.id, enrolment.secret);
  await mutateUser(deps, user.id, (u) => {
    if (u.mfa.enabled)
      throw new ConflictError('Two-step verification is already on.', ErrorCode.mfaAlreadyEnabled);
    return { ...u, mfa: { ...u.mfa, pendingTotpSecret: sealed } };
  });
  return enrolment;
}

/** Step 2: the first code checks out → MFA is on, with ten recovery codes returned once (only hashes kept). */
export async function enableTotp(
  deps: Deps,
  userId: string,
  code: string,
): Promise<{ user: UserRecord; recoveryCodes: string[] }> {
  const { codes, hashes } = newRecoveryCodes((code) => deps.mfaSecrets.hashRecoveryCode(userId, code));
  const user = await mutateUser(deps, userId, (u) => {
    if (u.mfa.enabled)
      throw new ConflictError('Two-step verification is already on.', ErrorCode.mfaAlreadyEnabled);
    const pending = u.mfa.pendingTotpSecret;
    if (!pending) throw new ConflictError('Start the setup first.', ErrorCode.mfaSetupRequired);
    const secret = deps.mfaSecrets.open(u.id, pending);
    const step = matchTotpStep(secret, code, deps.now());
    if (step === null) throw new WrongProofError(ErrorCode.invalidMfaCode, 'That code is not correct.');
    const { pendingTotpSecret: _pending, ...rest } = u.mfa;
    return {
      ...u,
      mfa: {
        ...rest,
        enabled: true,
        totpSecret: deps.mfaSecrets.needsReseal(pending) ? deps.mfaSecrets.seal(u.id, secret) : pending,
        lastTotpStep: step,
        recoveryCodeHashes: hashes,
      },
    };
  });
  return { user, recoveryCodes: codes };
}

export async function disableMfa(deps: Deps, userId: string): Promise<UserRecord> {
  return mutateUser(deps, userId, (u) => {
    if (!u.mfa.enabled) throw new ConflictError('Two-step verification is not on.', ErrorCode.mfaNotEnabled);
    return { ...u, mfa: { enabled: false, recoveryCodeHashes: [] } };
  });
}

/** New recovery codes replace all old ones (used or not). */
export async function regenerateRecoveryCodes(
  deps: Deps,
  userId: string,
): Promise<{ user: UserRecord; recoveryCodes: string[] }> {
  const { codes, hashes } = newRecoveryCodes((code) => deps.mfaSecrets.hashRecoveryCode(userId, code));
  const user = await mutateUser(deps, userId, (u) => {
    if (!u.mfa.enabled) throw new ConflictError('Two-step verification is not on.', ErrorCode.mfaNotEnabled);
    return { ...u, mfa: { ...u.mfa, recoveryCodeHashes: hashes } };
  });
  return { user, recoveryCodes: codes };
}
