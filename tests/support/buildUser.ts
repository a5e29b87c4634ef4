import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@galley/api/store/keys';
import type { UserRecord } from '@galley/api/store/userRecord';
import type { AccessClaims } from '@galley/shared/api/auth';
import type { Role } from '@galley/shared/roles';
import { ulid } from 'ulid';
import type { TestApp } from './testApp.ts';

let counter = 0;

/** A user record with a unique id and email; the password hash is a placeholder (no sign-in needed). */
export function buildUser(overrides: Partial<UserRecord> = {}): UserRecord {
  counter += 1;
  const id = ulid();
  const createdAt = new Date(Date.now() + counter).toISOString();
  return {
    id,
    email: `user-${id.toLowerCase()}@example.test`,
    emailVerified: true,
    displayName: `Test User ${counter}`,
    passwordHash: 'not-a-real-hash',
    passwordChangedAt: createdAt,
    roles: ['author'],
    profile: { bio: '', avatarUrl: null, locale: 'en', timeZone: 'UTC' },
    preferences: { theme: 'system', editorFont: 'serif', notifications: {} },
    mfa: { enabled: false, recoveryCodeHashes: [] },
    createdAt,
    updatedAt: createdAt,
    version: 1,
    ...overrides,
  };
}

/** Stores the user the way the users repository does (profile item + admin listing keys). */
export async function putUser(t: TestApp, user: UserRecord): Promise<UserRecord> {
  await t.deps.ddb.send(
    new PutCommand({
      TableName: t.deps.table,
      Item: { ...keys.user(user.id), ...keys.userListing(user.createdAt, user.id), entity: 'user', ...user },
    }),
  );
  return user;
}

/** An access token for `user` signed by the app's own key ring; `authAgeSeconds` ages the sign-in. */
export function tokenFor(
  t: TestApp,
  user: Pick<UserRecord, 'id' | 'roles'> & { mfa?: { enabled: boolean } },
  options: { authAgeSeconds?: number; roles?: Role[] } = {},
): Promise<string> {
  const claims: AccessClaims = {
    sub: user.id,
    sid: `sid-${ulid()}`,
    roles: options.roles ?? user.roles,
    auth_time: Math.floor(t.deps.now() / 1000) - (options.authAgeSeconds ?? 0),
    amr: user.mfa?.enabled ? ['pwd', 'otp'] : ['pwd'],
    mfa: user.mfa?.enabled ?? false,
  };
  return t.deps.keys.sign('access', claims, 900);
}

/** A stored user with the given roles and MFA on or off, plus a fresh access token. */
export async function signedInUser(
  t: TestApp,
  overrides: Partial<UserRecord> = {},
): Promise<{ user: UserRecord; token: string }> {
  const user = await putUser(t, buildUser(overrides));
  return { user, token: await tokenFor(t, user) };
}

export const withMfa = { mfa: { enabled: true, totpSecret: 'JBSWY3DPEHPK3PXP', recoveryCodeHashes: [] } };
