import { InvalidMfaCodeError } from '../auth/authErrors.ts';
import { isRecoveryCode } from '../auth/secrets.ts';
import { matchTotpStep } from '../auth/totp.ts';
import type { AppDeps } from '../deps.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { mutateUser } from '../store/usersRepo.ts';

export type SecondFactor = 'otp' | 'rec';

/**
 * Checks a TOTP code or a recovery code and spends it in the same conditional write: the TOTP step is
 * remembered (a code is never accepted twice, even inside its window) and a recovery code is removed.
 * Two requests with the same code race on the user's version; the loser sees it spent and fails.
 */
export async function checkSecondFactor(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now' | 'mfaSecrets'>,
  userId: string,
  code: string,
  options: { allowRecovery: boolean } = { allowRecovery: true },
): Promise<{ factor: SecondFactor; user: UserRecord }> {
  let factor: SecondFactor = 'otp';
  const user = await mutateUser(deps, userId, (u) => {
    const stored = u.mfa.totpSecret;
    if (!u.mfa.enabled || !stored) throw new InvalidMfaCodeError();
    if (isRecoveryCode(code)) {
      if (!options.allowRecovery) throw new InvalidMfaCodeError();
      const hash = deps.mfaSecrets.matchRecoveryCode(u.id, code, u.mfa.recoveryCodeHashes);
      if (hash === null) throw new InvalidMfaCodeError();
      factor = 'rec';
      return {
        ...u,
        mfa: { ...u.mfa, recoveryCodeHashes: u.mfa.recoveryCodeHashes.filter((h) => h !== hash) },
      };
    }
    const secret = deps.mfaSecrets.open(u.id, stored);
    const step = matchTotpStep(secret, code, deps.now());
    if (step === null || step <= (u.mfa.lastTotpStep ?? -1)) throw new InvalidMfaCodeError();
    factor = 'otp';
    // This write happens anyway: a legacy plain secret, or one sealed by a retired key, is re-sealed
    // with the current key as it is used.
    const totpSecret = deps.mfaSecrets.needsReseal(stored) ? deps.mfaSecrets.seal(u.id, secret) : stored;
    return { ...u, mfa: { ...u.mfa, totpSecret, lastTotpStep: step } };
  });
  return { factor, user };
}
