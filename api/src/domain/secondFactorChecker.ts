import { InvalidMfaCodeError } from '../auth/authErrors.ts';
import { hashRecoveryCode, isRecoveryCode } from '../auth/secrets.ts';
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
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  userId: string,
  code: string,
  options: { allowRecovery: boolean } = { allowRecovery: true },
): Promise<{ factor: SecondFactor; user: UserRecord }> {
  let factor: SecondFactor = 'otp';
  const user = await mutateUser(deps, userId, (u) => {
    if (!u.mfa.enabled || !u.mfa.totpSecret) throw new InvalidMfaCodeError();
    if (isRecoveryCode(code)) {
      if (!options.allowRecovery) throw new InvalidMfaCodeError();
      const hash = hashRecoveryCode(code);
      if (!u.mfa.recoveryCodeHashes.includes(hash)) throw new InvalidMfaCodeError();
      factor = 'rec';
      return {
        ...u,
        mfa: { ...u.mfa, recoveryCodeHashes: u.mfa.recoveryCodeHashes.filter((h) => h !== hash) },
      };
    }
    const step = matchTotpStep(u.mfa.totpSecret, code, deps.now());
    if (step === null || step <= (u.mfa.lastTotpStep ?? -1)) throw new InvalidMfaCodeError();
    factor = 'otp';
    return { ...u, mfa: { ...u.mfa, lastTotpStep: step } };
  });
  return { factor, user };
}
