import { ErrorCode } from '@galley/shared/errors';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { signAccessToken } from '../../auth/accessToken.ts';
import { auditAuth, clientOf } from '../../auth/auditTrail.ts';
import {
  InvalidCredentialsError,
  InvalidTokenError,
  TooManyAttemptsError,
  WrongProofError,
} from '../../auth/authErrors.ts';
import { judgeRefreshToken } from '../../auth/refreshGrace.ts';
import { sessionIdOf } from '../../auth/refreshToken.ts';
import { sha256 } from '../../auth/secrets.ts';
import { sendPasswordResetMail, sendVerificationMail } from '../../domain/mailTokenIssuer.ts';
import { verifyEmail as redeemVerifyEmail, resetPassword } from '../../domain/mailTokenRedeemer.ts';
import { authenticatePassword } from '../../domain/passwordAuthenticator.ts';
import { assertPassword, assertSecondFactor, completeMfaSignIn } from '../../domain/proofChecker.ts';
import { issueSession, refreshSession } from '../../domain/sessionIssuer.ts';
import { revokeSession } from '../../domain/sessionRevoker.ts';
import { registerUser } from '../../domain/userRegistrar.ts';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { presentUser } from '../../presenters/presentUser.ts';
import { getSession, updateSessionAuth } from '../../store/sessionsRepo.ts';
import { getUserByEmail, getUserById } from '../../store/usersRepo.ts';
import type * as routes from './auth.routes.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

const MFA_TOKEN_TTL_SECONDS = 300;
const MfaTokenClaimsSchema = z.object({ sub: z.string() });
/** Reset mails per address per hour, on top of the per-IP route limit, so no one inbox can be flooded. */
const RESET_MAILS_PER_HOUR = 3;

export const register: Handler<'registerRoute'> = async (c) => {
  const deps = c.var.deps;
  const body = c.req.valid('json');
  const user = await registerUser(deps, body);
  const signedIn = await issueSession(deps, user, clientOf(c), ['pwd']);
  await auditAuth(c, { action: 'auth.register', outcome: 'success', actorId: user.id, targetId: user.id });
  try {
    await sendVerificationMail(deps, user);
  } catch (error) {
    // The account exists either way; the user can ask for the mail again from their profile.
    c.var.log.error({ err: error }, 'verification mail failed');
  }
  return c.json(signedIn, 201);
};

export const login: Handler<'loginRoute'> = async (c) => {
  const deps = c.var.deps;
  const { email, password } = c.req.valid('json');
  let user: Awaited<ReturnType<typeof authenticatePassword>>;
  try {
    user = await authenticatePassword(deps, email, password, c.var.clientIp);
  } catch (error) {
    if (error instanceof InvalidCredentialsError || error instanceof TooManyAttemptsError) {
      const known = await getUserByEmail(deps, email);
      await auditAuth(c, {
        action: error instanceof TooManyAttemptsError ? 'auth.login.throttled' : 'auth.login.failure',
        outcome: 'failure',
        actorId: null,
        targetId: known?.id ?? null,
        details: { email },
      });
    }
    throw error;
  }
  if (user.mfa.enabled) {
    const mfaToken = await deps.keys.sign('mfa', { sub: user.id }, MFA_TOKEN_TTL_SECONDS);
    return c.json({ mfaRequired: true as const, mfaToken }, 200);
  }
  const signedIn = await issueSession(deps, user, clientOf(c), ['pwd']);
  await auditAuth(c, {
    action: 'auth.login.success',
    outcome: 'success',
    actorId: user.id,
    targetId: user.id,
  });
  return c.json(signedIn, 200);
};

export const loginMfa: Handler<'loginMfaRoute'> = async (c) => {
  const deps = c.var.deps;
  const { mfaToken, code } = c.req.valid('json');
  const claims = MfaTokenClaimsSchema.safeParse(await deps.keys.verify('mfa', mfaToken));
  if (!claims.success) throw new InvalidTokenError();
  const userId = claims.data.sub;
  let result: Awaited<ReturnType<typeof completeMfaSignIn>>;
  try {
    result = await completeMfaSignIn(deps, userId, code);
  } catch (error) {
    await auditAuth(c, {
      action: error instanceof TooManyAttemptsError ? 'auth.login.throttled' : 'auth.login.failure',
      outcome: 'failure',
      actorId: null,
      targetId: userId,
      details: { step: 'mfa' },
    });
    throw error;
  }
  const signedIn = await issueSession(deps, result.user, clientOf(c), ['pwd', result.factor]);
  if (result.factor === 'rec') {
    await auditAuth(c, {
      action: 'mfa.recovery_code_used',
      outcome: 'success',
      actorId: userId,
      targetId: userId,
      details: { remaining: result.user.mfa.recoveryCodeHashes.length },
    });
  }
  await auditAuth(c, {
    action: 'auth.login.success',
    outcome: 'success',
    actorId: userId,
    targetId: userId,
    details: { factor: result.factor },
  });
  return c.json(signedIn, 200);
};

export const refresh: Handler<'refreshRoute'> = async (c) => {
  const outcome = await refreshSession(c.var.deps, c.req.valid('json').refreshToken);
  if (outcome.kind === 'reused') {
    await auditAuth(c, {
      action: 'auth.refresh.reuse_detected',
      outcome: 'failure',
      actorId: null,
      targetId: outcome.session.userId,
      details: { sessionId: outcome.session.id },
    });
    throw new UnauthenticatedError(
      'This sign-in was used from somewhere else and has been closed. Sign in again.',
      ErrorCode.refreshTokenReused,
    );
  }
  if (outcome.viaGrace) {
    // Expected now and then (a reload right after a refresh); a burst of them for one user is worth a look.
    c.var.log.info(
      { sessionId: outcome.session.id, userId: outcome.session.userId },
      'refresh with the previous token accepted within the grace window',
    );
  }
  return c.json(outcome.signedIn, 200);
};

export const logout: Handler<'logoutRoute'> = async (c) => {
  const deps = c.var.deps;
  const { refreshToken } = c.req.valid('json');
  const sid = sessionIdOf(refreshToken);
  const session = sid ? await getSession(deps, sid) : null;
  // Only the holder of the current token may end the session; anything else could be a guess. Within the
  // grace window that includes the previous one: a client whose last refresh answer was lost holds it.
  const verdict = session ? judgeRefreshToken(session, sha256(refreshToken), deps.now()) : 'unknown';
  if (!session || (verdict !== 'current' && verdict !== 'grace')) throw new InvalidTokenError();
  if (await revokeSession(deps, session, 'logout')) {
    await auditAuth(c, {
      action: 'auth.logout',
      outcome: 'success',
      actorId: session.userId,
      targetId: session.userId,
      details: { sessionId: session.id },
    });
  }
  return c.body(null, 204);
};

export const stepUp: Handler<'stepUpRoute'> = async (c) => {
  const deps = c.var.deps;
  const auth = requireAuth(c);
  const { password, code } = c.req.valid('json');
  const user = await getUserById(deps, auth.sub);
  if (!user) throw new UnauthenticatedError();
  let factor: 'pwd' | 'otp';
  try {
    // With MFA on, the second factor is the proof: a password alone would lower the account's assurance.
    if (user.mfa.enabled) {
      if (!code) throw new ForbiddenError('Enter a code from your authenticator app.', ErrorCode.mfaRequired);
      await assertSecondFactor(deps, user.id, code, { allowRecovery: false });
      factor = 'otp';
    } else {
      if (!password) throw ValidationError.field('password', 'Enter your password.');
      await assertPassword(deps, user, password);
      factor = 'pwd';
    }
  } catch (error) {
    if (error instanceof WrongProofError || error instanceof TooManyAttemptsError) {
      await auditAuth(c, { action: 'auth.step_up', outcome: 'failure', actorId: user.id, targetId: user.id });
    }
    throw error;
  }
  const authTime = Math.floor(deps.now() / 1000);
  const amr = [...new Set([...auth.amr, factor])];
  await updateSessionAuth(deps, auth.sid, authTime, amr);
  const access = await signAccessToken(deps, user, { sid: auth.sid, authTime, amr });
  await auditAuth(c, {
    action: 'auth.step_up',
    outcome: 'success',
    actorId: user.id,
    targetId: user.id,
    details: { factor },
  });
  return c.json(access, 200);
};

export const verifyEmail: Handler<'verifyEmailRoute'> = async (c) => {
  const user = await redeemVerifyEmail(c.var.deps, c.req.valid('json').token);
  await auditAuth(c, {
    action: 'auth.email.verified',
    outcome: 'success',
    actorId: user.id,
    targetId: user.id,
  });
  return c.json(presentUser(user), 200);
};

export const requestPasswordReset: Handler<'passwordResetRequestRoute'> = async (c) => {
  const deps = c.var.deps;
  const { email } = c.req.valid('json');
  const log = c.var.log;
  const audit = (targetId: string | null) =>
    auditAuth(c, {
      action: 'auth.password.reset_requested',
      outcome: 'success',
      actorId: null,
      targetId,
      details: { email },
    });
  // The work happens after the response, so known and unknown emails answer alike and equally fast.
  void (async () => {
    const user = await getUserByEmail(deps, email);
    await audit(user?.id ?? null);
    if (!user) return;
    const { count } = await deps.counters.hit(`reset-mail:${email}`, 3_600_000);
    if (count > RESET_MAILS_PER_HOUR) return;
    await sendPasswordResetMail(deps, user);
  })().catch((error) => log.error({ err: error }, 'password reset mail failed'));
  return c.body(null, 202);
};

export const confirmPasswordReset: Handler<'passwordResetConfirmRoute'> = async (c) => {
  const { token, password } = c.req.valid('json');
  const user = await resetPassword(c.var.deps, token, password);
  await auditAuth(c, {
    action: 'auth.password.reset',
    outcome: 'success',
    actorId: user.id,
    targetId: user.id,
  });
  return c.body(null, 204);
};
