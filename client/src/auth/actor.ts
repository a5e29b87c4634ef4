import type { User } from '@galley/shared/api/auth';
import type { Actor } from '@galley/shared/permissions';

/** The permission rules' view of the signed-in user. */
export function actorOf(user: User): Actor {
  return { id: user.id, roles: user.roles, mfa: user.mfaEnabled };
}
