import { InvalidCredentialsError } from '../auth/authErrors.ts';
import { ACCOUNT_RULE, accountSubject, IP_RULE, ipSubject, LoginThrottle } from '../auth/loginThrottle.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwordHasher.ts';
import type { AppDeps } from '../deps.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { getUserByEmail } from '../store/usersRepo.ts';

/**
 * The password half of sign-in, behind the per-account and per-IP throttle. Unknown email and wrong
 * password fail the same way and take the same argon2 work, so neither answers nor timing tell an
 * attacker which emails have accounts. Throws 429 while locked, 401 `invalid_credentials` otherwise.
 */
export async function authenticatePassword(
  deps: AppDeps,
  email: string,
  password: string,
  ip: string,
): Promise<UserRecord> {
  const throttle = new LoginThrottle(deps.counters);
  const account = accountSubject(email);
  const address = ipSubject(ip);
  await throttle.assertAllowed([account, address]);
  const user = await getUserByEmail(deps, email);
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    await Promise.all([
      throttle.recordFailure(account, ACCOUNT_RULE),
      throttle.recordFailure(address, IP_RULE),
    ]);
    throw new InvalidCredentialsError();
  }
  await throttle.recordSuccess(account);
  return user;
}
