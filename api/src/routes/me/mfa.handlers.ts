import { ErrorCode } from '@galley/shared/errors';
import type { RouteHandler } from '@hono/zod-openapi';
import { auditAuth } from '../../auth/auditTrail.ts';
import { TooManyAttemptsError, WrongProofError } from '../../auth/authErrors.ts';
import * as enroller from '../../domain/mfaEnroller.ts';
import { assertPassword, assertSecondFactor } from '../../domain/proofChecker.ts';
import { ConflictError } from '../../errors.ts';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { requireStepUp } from '../../middleware/stepUp.ts';
import { loadCaller } from './me.handlers.ts';
import type * as routes from './mfa.routes.ts';

export const setupTotp: RouteHandler<typeof routes.totpSetupRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  const user = await loadCaller(c.var.deps, auth.sub);
  return c.json(await enroller.startTotpSetup(c.var.deps, user), 200);
};

export const enableTotp: RouteHandler<typeof routes.totpEnableRoute, AppEnv> = async (c) => {
  const auth = requireAuth(c);
  const { recoveryCodes } = await enroller.enableTotp(c.var.deps, auth.sub, c.req.valid('json').code);
  await auditAuth(c, { action: 'mfa.enrolled', outcome: 'success', actorId: auth.sub, targetId: auth.sub });
  return c.json({ recoveryCodes }, 200);
};

export const disableMfa: RouteHandler<typeof routes.mfaDisableRoute, AppEnv> = async (c) => {
  const deps = c.var.deps;
  const auth = requireAuth(c);
  const { password, code } = c.req.valid('json');
  const user = await loadCaller(deps, auth.sub);
  if (!user.mfa.enabled) throw new ConflictError('Two-step verification is not on.', ErrorCode.mfaNotEnabled);
  try {
    // Both factors: whoever turns MFA off must hold everything MFA protects.
    await assertPassword(deps, user, password);
    await assertSecondFactor(deps, user.id, code, { allowRecovery: true });
  } catch (error) {
    if (error instanceof WrongProofError || error instanceof TooManyAttemptsError) {
      await auditAuth(c, { action: 'mfa.disabled', outcome: 'failure', actorId: user.id, targetId: user.id });
    }
    throw error;
  }
  await enroller.disableMfa(deps, user.id);
  await auditAuth(c, { action: 'mfa.disabled', outcome: 'success', actorId: user.id, targetId: user.id });
  return c.body(null, 204);
};

export const regenerateRecoveryCodes: RouteHandler<typeof routes.recoveryCodesRoute, AppEnv> = async (c) => {
  const auth = requireStepUp(c);
  const { recoveryCodes } = await enroller.regenerateRecoveryCodes(c.var.deps, auth.sub);
  await auditAuth(c, {
    action: 'mfa.recovery_codes_regenerated',
    outcome: 'success',
    actorId: auth.sub,
    targetId: auth.sub,
  });
  return c.json({ recoveryCodes }, 200);
};
