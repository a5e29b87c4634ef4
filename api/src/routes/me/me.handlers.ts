import { ErrorCode } from '@galley/shared/errors';
import type { RouteHandler } from '@hono/zod-openapi';
import { auditAuth } from '../../auth/auditTrail.ts';
import { WeakPasswordError, WrongProofError } from '../../auth/authErrors.ts';
import { hashPassword } from '../../auth/passwordHasher.ts';
import { checkPasswordPolicy } from '../../auth/passwordPolicy.ts';
import type { AppDeps } from '../../deps.ts';
import { sendVerificationMail } from '../../domain/mailTokenIssuer.ts';
import { updateProfile } from '../../domain/profileUpdater.ts';
import { assertPassword } from '../../domain/proofChecker.ts';
import { revokeAllSessions, revokeSession } from '../../domain/sessionRevoker.ts';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { presentUser } from '../../presenters/presentUser.ts';
import { getSession, listSessionsOfUser } from '../../store/sessionsRepo.ts';
import type { UserRecord } from '../../store/userRecord.ts';
import { getUserById, mutateUser } from '../../store/usersRepo.ts';
import type * as routes from './me.routes.ts';

/** The caller's record; a token whose user is gone is as good as no token. */
export async function loadCaller(deps: AppDeps, userId: string): Promise<UserRecord> {
  const user = await getUserById(deps, userId);
  if (!user) throw new UnauthenticatedError();
  return user;
}

export const getMe: RouteHandler<typeof routes.getMeRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  return c.json(presentUser(await loadCaller(c.var.deps, auth.sub)), 200);
};

export const updateMe: RouteHandler<typeof routes.updateMeRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  const user = await updateProfile(c.var.deps, auth.sub, c.req.valid('json'));
  return c.json(presentUser(user), 200);
};

export const changePassword: RouteHandler<typeof routes.changePasswordRoute, AppEnv> = async (c) => {
  const deps = c.var.deps;
  const auth = requireAuth(c);
  const { currentPassword, newPassword } = c.req.valid('json');
  const user = await loadCaller(deps, auth.sub);
  try {
    await assertPassword(deps, user, currentPassword);
  } catch (error) {
    if (error instanceof WrongProofError) {
      await auditAuth(c, {
        action: 'auth.password.changed',
        outcome: 'failure',
        actorId: user.id,
        targetId: user.id,
      });
    }
    throw error;
  }
  const violation = checkPasswordPolicy(newPassword, user.email);
  if (violation) throw new WeakPasswordError(violation, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  await mutateUser(deps, user.id, (u) => ({
    ...u,
    passwordHash,
    passwordChangedAt: new Date(deps.now()).toISOString(),
  }));
  // Whoever knew the old password may be signed in elsewhere: end every session but this one.
  const revoked = await revokeAllSessions(deps, user.id, 'password_changed', auth.sid);
  await auditAuth(c, {
    action: 'auth.password.changed',
    outcome: 'success',
    actorId: user.id,
    targetId: user.id,
    details: { sessionsRevoked: revoked.length },
  });
  return c.body(null, 204);
};

export const resendVerification: RouteHandler<typeof routes.resendVerificationRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  const user = await loadCaller(c.var.deps, auth.sub);
  if (user.emailVerified) {
    throw new ConflictError('Your email is already confirmed.', ErrorCode.emailAlreadyVerified);
  }
  await sendVerificationMail(c.var.deps, user);
  return c.body(null, 202);
};

export const listSessions: RouteHandler<typeof routes.listSessionsRoute, AppEnv> = async (c) => {
  const deps = c.var.deps;
  const auth = requireAuth(c);
  const nowSeconds = Math.floor(deps.now() / 1000);
  const sessions = await listSessionsOfUser(deps, auth.sub);
  const items = sessions
    .filter((s) => !s.revokedAt && s.expiresAt > nowSeconds)
    .map((s) => ({
      id: s.id,
      device: s.device,
      ip: s.ip,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      current: s.id === auth.sid,
    }));
  return c.json({ items }, 200);
};

export const revokeOwnSession: RouteHandler<typeof routes.revokeSessionRoute, AppEnv> = async (c) => {
  const deps = c.var.deps;
  const auth = requireAuth(c);
  const { id } = c.req.valid('param');
  const session = await getSession(deps, id);
  // Someone else's session id is "not found", never "forbidden": ids are not to be probed.
  if (!session || session.userId !== auth.sub || session.revokedAt) throw new NotFoundError('Session');
  await revokeSession(deps, session, 'revoked_by_user');
  await auditAuth(c, {
    action: 'session.revoked',
    outcome: 'success',
    actorId: auth.sub,
    targetId: auth.sub,
    details: { sessionId: id, current: id === auth.sid },
  });
  return c.body(null, 204);
};
