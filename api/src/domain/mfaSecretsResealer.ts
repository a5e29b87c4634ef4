import type { AppDeps } from '../deps.ts';
import { listUsers } from '../store/userAdminRepo.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { mutateUser } from '../store/usersRepo.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now' | 'mfaSecrets'>;

const PAGE_SIZE = 100;

function needsReseal(deps: Deps, user: UserRecord): boolean {
  const { totpSecret, pendingTotpSecret } = user.mfa;
  return [totpSecret, pendingTotpSecret].some(
    (value) => value !== undefined && deps.mfaSecrets.needsReseal(value),
  );
}

function resealed(deps: Deps, user: UserRecord): UserRecord {
  const reseal = (value: string | undefined) =>
    value !== undefined && deps.mfaSecrets.needsReseal(value)
      ? deps.mfaSecrets.seal(user.id, deps.mfaSecrets.open(user.id, value))
      : value;
  const mfa = { ...user.mfa };
  const totpSecret = reseal(mfa.totpSecret);
  const pendingTotpSecret = reseal(mfa.pendingTotpSecret);
  if (totpSecret !== undefined) mfa.totpSecret = totpSecret;
  if (pendingTotpSecret !== undefined) mfa.pendingTotpSecret = pendingTotpSecret;
  return { ...user, mfa };
}

/**
 * Walks every user (the admin listing, a page at a time) and seals each TOTP secret that is still plain
 * (stored before encryption) or sealed by a key that is no longer the ring's first. Safe to repeat and to
 * run while the api serves: each write is the usual versioned read-modify-write of that one user.
 */
export async function resealMfaSecrets(deps: Deps): Promise<{ usersRead: number; resealed: number }> {
  let cursor: string | undefined;
  let usersRead = 0;
  let count = 0;
  do {
    const page = await listUsers(deps, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    for (const user of page.items) {
      usersRead += 1;
      if (!needsReseal(deps, user)) continue;
      await mutateUser(deps, user.id, (current) => resealed(deps, current));
      count += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { usersRead, resealed: count };
}
