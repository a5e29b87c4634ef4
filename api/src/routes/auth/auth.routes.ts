import {
  LoginRequestSchema,
  LoginResponseSchema,
  LogoutRequestSchema,
  MfaLoginRequestSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  SignedInSchema,
  StepUpRequestSchema,
  StepUpResponseSchema,
  UserSchema,
  VerifyEmailRequestSchema,
} from '@galley/shared/api/auth';
import { createRoute } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './auth.handlers.ts';

const tags = ['auth'];
const bearer = [{ bearer: [] }];

export const registerRoute = createRoute({
  method: 'post',
  path: '/api/auth/register',
  tags,
  summary: 'Create an account and sign in; sends a verification mail',
  request: { body: jsonBody(RegisterRequestSchema) },
  responses: { 201: jsonResponse(SignedInSchema, 'Signed in'), ...errorResponses(400, 409, 413, 429) },
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags,
  summary: 'Sign in with email and password; asks for a second factor when MFA is on',
  request: { body: jsonBody(LoginRequestSchema) },
  responses: {
    200: jsonResponse(LoginResponseSchema, 'Signed in, or an MFA challenge (mfaRequired + mfaToken)'),
    ...errorResponses(400, 401, 429),
  },
});

export const loginMfaRoute = createRoute({
  method: 'post',
  path: '/api/auth/login/mfa',
  tags,
  summary: 'Finish an MFA sign-in with a TOTP code or a single-use recovery code',
  request: { body: jsonBody(MfaLoginRequestSchema) },
  responses: { 200: jsonResponse(SignedInSchema, 'Signed in'), ...errorResponses(400, 401, 429) },
});

export const refreshRoute = createRoute({
  method: 'post',
  path: '/api/auth/refresh',
  tags,
  summary: 'Rotate the refresh token; a reused token revokes its whole session',
  request: { body: jsonBody(RefreshRequestSchema) },
  responses: { 200: jsonResponse(SignedInSchema, 'New token pair'), ...errorResponses(400, 401, 429) },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags,
  summary: 'Sign out: revokes the session of the refresh token',
  request: { body: jsonBody(LogoutRequestSchema) },
  responses: { 204: { description: 'Signed out' }, ...errorResponses(400, 401, 429) },
});

export const stepUpRoute = createRoute({
  method: 'post',
  path: '/api/auth/step-up',
  tags,
  summary: 'Prove presence again for a fresh auth_time',
  description:
    'Without MFA: `password`. With MFA on: a TOTP `code` (403 `mfa_required` without one). Returns a new access token for the same session.',
  security: bearer,
  request: { body: jsonBody(StepUpRequestSchema) },
  responses: {
    200: jsonResponse(StepUpResponseSchema, 'A new access token'),
    ...errorResponses(400, 401, 403, 429),
  },
});

export const verifyEmailRoute = createRoute({
  method: 'post',
  path: '/api/auth/verify-email',
  tags,
  summary: 'Confirm an email address with the token from the verification mail',
  request: { body: jsonBody(VerifyEmailRequestSchema) },
  responses: { 200: jsonResponse(UserSchema, 'The verified user'), ...errorResponses(400, 401, 429) },
});

export const passwordResetRequestRoute = createRoute({
  method: 'post',
  path: '/api/auth/password-reset/request',
  tags,
  summary: 'Mail a reset link if the account exists; always 202, so it reveals no accounts',
  request: { body: jsonBody(PasswordResetRequestSchema) },
  responses: { 202: { description: 'Accepted' }, ...errorResponses(400, 429) },
});

export const passwordResetConfirmRoute = createRoute({
  method: 'post',
  path: '/api/auth/password-reset/confirm',
  tags,
  summary: 'Set a new password with a reset token; signs out every session',
  request: { body: jsonBody(PasswordResetConfirmSchema) },
  responses: { 204: { description: 'Password changed' }, ...errorResponses(400, 401, 429) },
});

/** /api/auth/*: public sign-in endpoints, with limits well below the api-wide ceiling. */
export function registerAuthRoutes(app: App): void {
  app.use('/api/auth/*', rateLimit({ name: 'auth', limit: 60, windowMs: 60_000, by: 'ip' }));
  // Sign-ups from one address: generous for a shared office, useless for bulk account creation.
  app.use(
    '/api/auth/register',
    rateLimit({ name: 'auth-register', limit: 10, windowMs: 15 * 60_000, by: 'ip' }),
  );
  // Each reset request can send a mail: keep it from becoming a mail cannon.
  app.use(
    '/api/auth/password-reset/request',
    rateLimit({ name: 'auth-reset', limit: 5, windowMs: 15 * 60_000, by: 'ip' }),
  );
  app.openapi(registerRoute, handlers.register);
  app.openapi(loginRoute, handlers.login);
  app.openapi(loginMfaRoute, handlers.loginMfa);
  app.openapi(refreshRoute, handlers.refresh);
  app.openapi(logoutRoute, handlers.logout);
  app.openapi(stepUpRoute, handlers.stepUp);
  app.openapi(verifyEmailRoute, handlers.verifyEmail);
  app.openapi(passwordResetRequestRoute, handlers.requestPasswordReset);
  app.openapi(passwordResetConfirmRoute, handlers.confirmPasswordReset);
}
