import { AdminUserPageSchema, AdminUsersQuerySchema } from '@galley/shared/api/admin';
import { AdminUserRolesRequestSchema, UserSchema } from '@galley/shared/api/auth';
import { IdSchema } from '@galley/shared/api/common';
import { AuditEntrySchema, AuditQuerySchema, AuditVerifyResponseSchema } from '@galley/shared/audit';
import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import * as handlers from './admin.handlers.ts';

const tags = ['admin'];
const security = [{ bearer: [] }];
const adminOnly =
  'Administrators with two-step verification on only (403 `forbidden` / `mfa_enrollment_required` otherwise).';

export const listUsersRoute = createRoute({
  method: 'get',
  path: '/api/admin/users',
  tags,
  security,
  summary: 'List users, newest first',
  description: `${adminOnly} \`q\` matches a substring of the email or display name while paging through users; a search reads at most 500 users per request, so a page may hold fewer than \`limit\` matches (even none) and still have a \`nextCursor\` to continue the search. There is no full-text index behind it.`,
  request: { query: AdminUsersQuerySchema },
  responses: {
    200: jsonResponse(AdminUserPageSchema, 'A page of users'),
    ...errorResponses(400, 401, 403, 429),
  },
});

export const assignRolesRoute = createRoute({
  method: 'patch',
  path: '/api/admin/users/{id}/roles',
  tags,
  security,
  summary: "Replace a user's platform roles (recorded in the audit trail)",
  description: `${adminOnly} Needs a recent sign-in or step-up (403 \`step_up_required\`). An admin cannot remove their own admin role. The user's current access tokens keep their old roles until they are refreshed.`,
  request: { params: z.object({ id: IdSchema }), body: jsonBody(AdminUserRolesRequestSchema) },
  responses: {
    200: jsonResponse(UserSchema, 'The user with the new roles'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const listAuditRoute = createRoute({
  method: 'get',
  path: '/api/admin/audit',
  tags,
  security,
  summary: 'Audit trail, newest first, by actor or action',
  description: adminOnly,
  request: { query: AuditQuerySchema },
  responses: {
    200: jsonResponse(
      z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
      'A page of entries',
    ),
    ...errorResponses(400, 401, 403, 429),
  },
});

export const verifyAuditRoute = createRoute({
  method: 'get',
  path: '/api/admin/audit/verify',
  tags,
  security,
  summary: 'Recompute the hash chain and report the first broken entry',
  description: adminOnly,
  responses: {
    200: jsonResponse(AuditVerifyResponseSchema, 'Verification result'),
    ...errorResponses(401, 403, 429),
  },
});

export function registerAdminRoutes(app: App): void {
  app.openapi(listUsersRoute, handlers.listUsers);
  app.openapi(assignRolesRoute, handlers.assignRoles);
  app.openapi(listAuditRoute, handlers.listAudit);
  app.openapi(verifyAuditRoute, handlers.verifyAudit);
}
