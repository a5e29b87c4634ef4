import {
  type Actor,
  can,
  type PolicyAction,
  type PolicyEntity,
  type PolicyResource,
} from '@galley/shared/permissions';
import { ForbiddenError } from '../errors.ts';
import type { AuthContext } from '../http/appEnv.ts';

/** The caller as the shared policies see them. */
export function actorOf(auth: AuthContext): Actor {
  return { id: auth.sub, roles: auth.roles, mfa: auth.mfa };
}

/**
 * Handlers call this before acting. The rules live in @galley/shared/permissions so the client hides
 * exactly what the api would refuse.
 */
export function authorize<E extends PolicyEntity>(
  auth: AuthContext,
  action: PolicyAction<E>,
  entity: E,
  resource?: PolicyResource<E>,
): void {
  if (!can(actorOf(auth), action, entity, resource)) {
    throw new ForbiddenError('You may not do this.', 'forbidden', { action, entity });
  }
}
