import {
  ChangePasswordRequestSchema,
  SessionListSchema,
  UpdateMeRequestSchema,
  UserSchema,
} from '@galley/shared/api/auth';
import { IdSchema } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';
import * as handlers from './me.handlers.ts';
import { registerMfaRoutes } from './mfa.routes.ts';

const tags = ['me'];
const security = [{ bearer: [] }];

export const getMeRoute = createRoute({
  method: 'get',
  path: '/api/me',
  tags,
  security,
  summary: 'The signed-in user',
  responses: { 200: jsonResponse(UserSchema, 'The user'), ...errorResponses(401) },
});

export const updateMeRoute = createRoute({
  method: 'patch',
  path: '/api/me',
  tags,
  security,
  summary: 'Change display name, profile (locale: BCP 47, timeZone: IANA) and preferences',
  request: { body: jsonBody(UpdateMeRequestSchema) },
  responses: { 200: jsonResponse(UserSchema, 'The updated user'), ...errorResponses(400, 401, 409) },
});

export const changePasswordRoute = createRoute({
  method: 'post',
  path: '/api/me/password',
  tags,
  security,
  summary: 'Change the password (needs the current one); signs out the other sessions',
  request: { body: jsonBody(ChangePasswordRequestSchema) },
  responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403, 429) },
});

export const resendVerificationRoute = createRoute({
  method: 'post',
  path: '/api/me/verify-email/resend',
  tags,
  security,
  summary: 'Send the email verification mail again',
  responses: { 202: { description: 'Sent' }, ...errorResponses(401, 409, 429) },
});

export const listSessionsRoute = createRoute({
  method: 'get',
  path: '/api/me/sessions',
  tags,
  security,
  summary: 'Devices signed in to this account',
  responses: { 200: jsonResponse(SessionListSchema, 'Live sessions, newest first'), ...errorResponses(401) },
});

export const revokeSessionRoute = createRoute({
  method: 'delete',
  path: '/api/me/sessions/{id}',
  tags,
  security,
  summary: 'Sign a device out; its tokens stop working at once',
  request: { params: z.object({ id: IdSchema }) },
  responses: { 204: { description: 'Signed out' }, ...errorResponses(400, 401, 404) },
});

/** /api/me/*: the signed-in user's own account. */
export function registerMeRoutes(app: App): void {
  // Each resend is a mail; a handful per quarter hour is plenty for a real person.
  app.use(
    '/api/me/verify-email/resend',
    rateLimit({ name: 'verify-resend', limit: 3, windowMs: 15 * 60_000, by: 'user' }),
  );
  app.openapi(getMeRoute, handlers.getMe);
  app.openapi(updateMeRoute, handlers.updateMe);
  app.openapi(changePasswordRoute, handlers.changePassword);
  app.openapi(resendVerificationRoute, handlers.resendVerification);
  app.openapi(listSessionsRoute, handlers.listSessions);
  app.openapi(revokeSessionRoute, handlers.revokeOwnSession);
  registerMfaRoutes(app);
}
