import { STEP_UP_MAX_AGE_SECONDS } from '@galley/shared/api/auth';
import { ErrorCode } from '@galley/shared/errors';
import type { Context } from 'hono';
import { ForbiddenError } from '../errors.ts';
import type { AppEnv, AuthContext } from '../http/appEnv.ts';
import { requireAuth } from './authenticate.ts';

/**
 * Sensitive actions (role changes, publishing) need a sign-in within the last ten minutes or a fresh
 * proof through POST /api/auth/step-up, which re-issues the access token with a new auth_time.
 */
export function requireStepUp(c: Context<AppEnv>): AuthContext {
  const auth = requireAuth(c);
  const ageSeconds = Math.floor(c.var.deps.now() / 1000) - auth.auth_time;
  if (ageSeconds > STEP_UP_MAX_AGE_SECONDS) {
    throw new ForbiddenError('Confirm it is you to continue.', ErrorCode.stepUpRequired, {
      maxAgeSeconds: STEP_UP_MAX_AGE_SECONDS,
    });
  }
  return auth;
}

/** Admin routes: the admin role AND multi-factor authentication enabled on the account. */
export function requireAdmin(c: Context<AppEnv>): AuthContext {
  const auth = requireAuth(c);
  if (!auth.roles.includes('admin')) throw new ForbiddenError('Only administrators may do this.');
  if (!auth.mfa) {
    throw new ForbiddenError(
      'Administrators must turn on two-step verification first.',
      ErrorCode.mfaEnrollmentRequired,
    );
  }
  return auth;
}
