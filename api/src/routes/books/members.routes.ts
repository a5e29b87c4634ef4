import {
  BookMemberListSchema,
  BookMemberSchema,
  MemberAddRequestSchema,
  MemberUpdateRequestSchema,
} from '@galley/shared/api/books';
import { IdSchema } from '@galley/shared/api/common';
import { createRoute, z } from '@hono/zod-openapi';
import { announceRevokedAccess } from '../../domain/accessRevoker.ts';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { addMember, changeMember, membersOf, removeMember } from '../../domain/bookMemberships.ts';
import { NotFoundError } from '../../errors.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { requireAuth } from '../../middleware/authenticate.ts';

const tags = ['books'];
const security = [{ bearer: [] }];

export const listMembersRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/members',
  tags,
  security,
  summary: 'Who works on the book, with their roles (anyone who may read the book)',
  request: { params: z.object({ id: IdSchema }) },
  responses: {
    200: jsonResponse(BookMemberListSchema, 'The members'),
    ...errorResponses(400, 401, 404, 429),
  },
});

export const addMemberRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/members',
  tags,
  security,
  summary: 'Add an existing user to the book by email (owner)',
  description:
    'The user must already have an account (400 `unknown_user` otherwise; invite an address without one: POST /api/books/{id}/invitations). Already a member: 409.',
  request: { params: z.object({ id: IdSchema }), body: jsonBody(MemberAddRequestSchema) },
  responses: {
    201: jsonResponse(BookMemberSchema, 'The new member'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/api/books/{id}/members/{userId}',
  tags,
  security,
  summary: 'Remove a member (owner), or leave the book yourself; the owner cannot be removed (409)',
  request: { params: z.object({ id: IdSchema, userId: IdSchema }) },
  responses: { 204: { description: 'Removed' }, ...errorResponses(400, 401, 403, 404, 409, 429) },
});

export const changeMemberRoute = createRoute({
  method: 'patch',
  path: '/api/books/{id}/members/{userId}',
  tags,
  security,
  summary: "Change a member's role or chapter access (owner); the owner's own membership: 409",
  description:
    "A new role without `access` resets the access to the role default. The member's open chapters are closed so they reconnect with the new access.",
  request: {
    params: z.object({ id: IdSchema, userId: IdSchema }),
    body: jsonBody(MemberUpdateRequestSchema),
  },
  responses: {
    200: jsonResponse(BookMemberSchema, 'The member as now'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export function registerMemberRoutes(app: App): void {
  app.openapi(listMembersRoute, async (c) => {
    const auth = requireAuth(c);
    const { id } = c.req.valid('param');
    await loadBookFor(c.var.deps, auth, id, 'read');
    return c.json({ items: await membersOf(c.var.deps, id) }, 200);
  });
  app.openapi(addMemberRoute, async (c) => {
    const auth = requireAuth(c);
    const { id } = c.req.valid('param');
    const guarded = await loadBookFor(c.var.deps, auth, id, 'manageMembers');
    const member = await addMember(c.var.deps, guarded, c.req.valid('json'));
    const listed = (await membersOf(c.var.deps, id)).find((m) => m.userId === member.userId);
    return c.json(
      listed ?? { ...member, access: member.access ?? 'comment', displayName: null, email: null },
      201,
    );
  });
  app.openapi(removeMemberRoute, async (c) => {
    const auth = requireAuth(c);
    const { id, userId } = c.req.valid('param');
    const guarded = await loadBookFor(c.var.deps, auth, id, 'read');
    await removeMember(c.var.deps, auth, guarded, userId);
    // Their open chapters close now, not when their sync token runs out.
    await announceRevokedAccess(c.var.deps, { bookId: id, userId });
    return c.body(null, 204);
  });
  app.openapi(changeMemberRoute, async (c) => {
    const auth = requireAuth(c);
    const { id, userId } = c.req.valid('param');
    const guarded = await loadBookFor(c.var.deps, auth, id, 'manageMembers');
    await changeMember(c.var.deps, guarded, userId, c.req.valid('json'));
    // Lowered access must not live on in open sockets until their token runs out.
    await announceRevokedAccess(c.var.deps, { bookId: id, userId });
    const listed = (await membersOf(c.var.deps, id)).find((m) => m.userId === userId);
    if (!listed) throw new NotFoundError('Member');
    return c.json(listed, 200);
  });
}
