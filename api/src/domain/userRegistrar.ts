import type { Role } from '@galley/shared/roles';
import { ulid } from 'ulid';
import { WeakPasswordError } from '../auth/authErrors.ts';
import { hashPassword } from '../auth/passwordHasher.ts';
import { checkPasswordPolicy } from '../auth/passwordPolicy.ts';
import type { AppDeps } from '../deps.ts';
import type { UserRecord } from '../store/userRecord.ts';
import { createUser } from '../store/usersRepo.ts';

export interface RegisterUserInput {
  email: string;
  password: string;
  displayName: string;
  roles?: Role[];
  emailVerified?: boolean;
}

/**
 * Creates an account: password policy, argon2id hash, user + email guard in one transaction (409
 * `email_taken` when the email is in use). Used by POST /api/auth/register and by the demo seed; the
 * route sends the verification mail, the seed does not.
 */
export async function registerUser(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  input: RegisterUserInput,
): Promise<UserRecord> {
  const email = input.email.trim().toLowerCase();
  const violation = checkPasswordPolicy(input.password, email);
  if (violation) throw new WeakPasswordError(violation);
  const at = new Date(deps.now()).toISOString();
  const user: UserRecord = {
    id: ulid(),
    email,
    emailVerified: input.emailVerified ?? false,
    displayName: input.displayName.trim(),
    passwordHash: await hashPassword(input.password),
    passwordChangedAt: at,
    roles: input.roles ?? ['author'],
    profile: { bio: '', avatarUrl: null, locale: 'en', timeZone: 'UTC' },
    preferences: { theme: 'system', editorFont: 'serif', notifications: {} },
    mfa: { enabled: false, recoveryCodeHashes: [] },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await createUser(deps, user);
  return user;
}
