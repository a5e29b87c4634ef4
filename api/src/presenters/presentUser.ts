import type { User } from '@galley/shared/api/auth';
import type { UserRecord } from '../store/userRecord.ts';

/** The user as the client sees it: picked field by field, so a new secret on the record never leaks. */
export function presentUser(user: UserRecord): User {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerified,
    displayName: user.displayName,
    roles: [...user.roles],
    mfaEnabled: user.mfa.enabled,
    profile: { ...user.profile },
    preferences: { ...user.preferences, notifications: { ...user.preferences.notifications } },
    createdAt: user.createdAt,
  };
}
