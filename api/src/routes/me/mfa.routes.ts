import {
  MfaDisableRequestSchema,
  RecoveryCodesResponseSchema,
  TotpEnableRequestSchema,
  TotpSetupResponseSchema,
} from '@galley/shared/api/auth';
import { createRoute } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './mfa.handlers.ts';

const tags = ['mfa'];
const security = [{ bearer: [] }];

export const totpSetupRoute = createRoute({
  method: 'post',
  path: '/api/me/mfa/totp/setup',
  tags,
  security,
  summary: 'Start TOTP enrolment: a secret, its otpauth URI and a QR code',
  responses: { 200: jsonResponse(TotpSetupResponseSchema, 'Scan this'), ...errorResponses(401, 409) },
});

export const totpEnableRoute = createRoute({
  method: 'post',
  path: '/api/me/mfa/totp/enable',
  tags,
  security,
  summary: 'Finish enrolment with a first code; returns ten recovery codes, shown only now',
  request: { body: jsonBody(TotpEnableRequestSchema) },
  responses: {
    200: jsonResponse(RecoveryCodesResponseSchema, 'MFA is on'),
    ...errorResponses(400, 401, 403, 409),
  },
});

export const mfaDisableRoute = createRoute({
  method: 'post',
  path: '/api/me/mfa/disable',
  tags,
  security,
  summary: 'Turn MFA off (password and a current code)',
  request: { body: jsonBody(MfaDisableRequestSchema) },
  responses: { 204: { description: 'MFA is off' }, ...errorResponses(400, 401, 403, 409, 429) },
});

export const recoveryCodesRoute = createRoute({
  method: 'post',
  path: '/api/me/mfa/recovery-codes',
  tags,
  security,
  summary: 'Replace the recovery codes (needs a recent step-up)',
  responses: {
    200: jsonResponse(RecoveryCodesResponseSchema, 'New codes; the old ones stop working'),
    ...errorResponses(401, 403, 409),
  },
});

export function registerMfaRoutes(app: App): void {
  app.use('/api/me/mfa/*', rateLimit({ name: 'mfa', limit: 30, windowMs: 60_000, by: 'user' }));
  app.openapi(totpSetupRoute, handlers.setupTotp);
  app.openapi(totpEnableRoute, handlers.enableTotp);
  app.openapi(mfaDisableRoute, handlers.disableMfa);
  app.openapi(recoveryCodesRoute, handlers.regenerateRecoveryCodes);
}
