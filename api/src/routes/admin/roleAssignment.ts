import type { User } from '@galley/shared/api/auth';
import { ROLES, type Role } from '@galley/shared/roles';
import type { AppDeps } from '../../deps.ts';
import { revokeAllSessions } from '../../domain/sessionRevoker.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { AuthContext } from '../../http/appEnv.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentUser } from '../../presenters/presentUser.ts';
import { getUserForAdmin, rolesUpdateItem } from '../../store/userAdminRepo.ts';

const MAX_ATTEMPTS = 3;

/** Roles in their canonical order without duplicates, so "no change" is detectable and diffs read well. */
const normalise = (roles: readonly Role[]): Role[] => ROLES.filter((role) => roles.includes(role));

/**
 * Sets a user's roles and records `user.roles_changed` in ONE transaction, so the trail never shows a
 * change that did not happen (or misses one that did). The update is conditioned on the version read;
 * if the account changed meanwhile (a login, another admin) the change is re-evaluated against the
 * fresh record, whose roles become `before` in the audit entry.
 */
export async function assignUserRoles(
  deps: AppDeps,
  auth: AuthContext,
  client: { ip: string; userAgent: string },
  userId: string,
  requested: readonly Role[],
): Promise<User> {
  const roles = normalise(requested);
  for (let attempt = 1; ; attempt++) {
    const user = await getUserForAdmin(deps, userId);
    if (!user) throw new NotFoundError('User');
    authorize(auth, 'admin.assignRoles', 'user', { id: user.id, roles });
    const before = normalise(user.roles);
    if (before.join(',') === roles.join(',')) return presentUser(user);
    const updatedAt = new Date(deps.now()).toISOString();
    try {
      await deps.audit.record(
        {
          action: 'user.roles_changed',
          outcome: 'success',
          actorId: auth.sub,
          targetId: user.id,
          ...client,
          details: { before, after: roles },
        },
        { with: [rolesUpdateItem(deps, user, roles, updatedAt)] },
      );
      // Access tokens carry roles for up to 15 minutes. A role taken away must stop working now, so a
      // demoted user is signed out everywhere, their sync connections included (a publisher or admin
      // reads books they are not a member of); a role added shows up at their next token refresh.
      if (before.some((role) => !roles.includes(role)))
        await revokeAllSessions(deps, user.id, 'roles_reduced');
      return presentUser({ ...user, roles, updatedAt, version: user.version + 1 });
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
