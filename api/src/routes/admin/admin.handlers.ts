import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/appEnv.ts';
import { requireAdmin, requireStepUp } from '../../middleware/stepUp.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentUser } from '../../presenters/presentUser.ts';
import { listUsers as listUserRecords } from '../../store/userAdminRepo.ts';
import type * as routes from './admin.routes.ts';
import { assignUserRoles } from './roleAssignment.ts';

type Handler<R extends keyof typeof routes> = (typeof routes)[R] extends infer Route extends RouteConfig
  ? RouteHandler<Route, AppEnv>
  : never;

export const listUsers: Handler<'listUsersRoute'> = async (c) => {
  const auth = requireAdmin(c);
  authorize(auth, 'admin.list', 'user');
  const page = await listUserRecords(c.var.deps, c.req.valid('query'));
  return c.json({ items: page.items.map(presentUser), nextCursor: page.nextCursor }, 200);
};

export const assignRoles: Handler<'assignRolesRoute'> = async (c) => {
  const auth = requireAdmin(c);
  requireStepUp(c);
  const { id } = c.req.valid('param');
  const { roles } = c.req.valid('json');
  const client = { ip: c.var.clientIp, userAgent: c.req.header('user-agent') ?? '' };
  return c.json(await assignUserRoles(c.var.deps, auth, client, id, roles), 200);
};

export const listAudit: Handler<'listAuditRoute'> = async (c) => {
  const auth = requireAdmin(c);
  authorize(auth, 'read', 'audit');
  const { actorId, action, cursor, limit } = c.req.valid('query');
  const page = await c.var.deps.audit.list({
    limit,
    ...(actorId ? { actorId } : {}),
    ...(action ? { action } : {}),
    ...(cursor ? { cursor } : {}),
  });
  return c.json(page, 200);
};

export const verifyAudit: Handler<'verifyAuditRoute'> = async (c) => {
  const auth = requireAdmin(c);
  authorize(auth, 'verify', 'audit');
  return c.json(await c.var.deps.audit.verify(), 200);
};
