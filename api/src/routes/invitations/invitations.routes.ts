import { IdSchema } from '@galley/shared/api/common';
import {
  InvitationAcceptRequestSchema,
  InvitationAcceptResponseSchema,
  InvitationCreateRequestSchema,
  InvitationListQuerySchema,
  InvitationListSchema,
  InvitationSchema,
} from '@galley/shared/api/invitations';
import { createRoute, z } from '@hono/zod-openapi';
import { loadBookFor } from '../../domain/bookGuard.ts';
import { acceptInvitation } from '../../domain/invitationAccepter.ts';
import { listInvitations, presentInvitation } from '../../domain/invitationRecords.ts';
import { revokeInvitationById } from '../../domain/invitationRevoker.ts';
import { sendInvitation } from '../../domain/invitationSender.ts';
import type { App } from '../../http/appEnv.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi.ts';
import { requireAuth } from '../../middleware/authenticate.ts';
import { rateLimit } from '../../middleware/rateLimit.ts';

const tags = ['books'];
const security = [{ bearer: [] }];
const bookParams = z.object({ id: IdSchema });
const owners = 'The owner; other readers of the book (admins included) get 403, everyone else 404.';

export const createInvitationRoute = createRoute({
  method: 'post',
  path: '/api/books/{id}/invitations',
  tags,
  security,
  summary: 'Invite an email address to the book with a role and chapter access; mails an accept link',
  description: `${owners} The link works once, for 14 days, for the account with that address. 409 \`already_member\` when the address belongs to a member, \`invitation_pending\` when an unexpired invitation to it exists. 503 when the mail could not be sent (nothing is left pending then).`,
  request: { params: bookParams, body: jsonBody(InvitationCreateRequestSchema) },
  responses: {
    201: jsonResponse(InvitationSchema, 'The pending invitation'),
    ...errorResponses(400, 401, 403, 404, 409, 429),
  },
});

export const listInvitationsRoute = createRoute({
  method: 'get',
  path: '/api/books/{id}/invitations',
  tags,
  security,
  summary: 'Pending invitations of the book, newest first (expired ones until they are swept)',
  description: owners,
  request: { params: bookParams, query: InvitationListQuerySchema },
  responses: {
    200: jsonResponse(InvitationListSchema, 'A page of invitations'),
    ...errorResponses(400, 401, 403, 404, 429),
  },
});

export const revokeInvitationRoute = createRoute({
  method: 'delete',
  path: '/api/books/{id}/invitations/{invitationId}',
  tags,
  security,
  summary: 'Revoke a pending invitation: its link stops working',
  description: owners,
  request: { params: z.object({ id: IdSchema, invitationId: IdSchema }) },
  responses: { 204: { description: 'Revoked' }, ...errorResponses(400, 401, 403, 404, 429) },
});

export const acceptInvitationRoute = createRoute({
  method: 'post',
  path: '/api/invitations/accept',
  tags,
  security,
  summary: 'Accept an invitation with the token from its mail; you become a member of the book',
  description:
    'The signed-in account must have the invited address (any case): 403 `invitation_email_mismatch` otherwise. An unverified address is verified by accepting (the link reached its mailbox). 404 `invalid_token` for an unknown, used or revoked link; 410 `invitation_expired`; 409 `already_member`.',
  request: { body: jsonBody(InvitationAcceptRequestSchema) },
  responses: {
    200: jsonResponse(InvitationAcceptResponseSchema, 'The book and your membership'),
    ...errorResponses(400, 401, 403, 404, 409, 410, 429),
  },
});

export function registerInvitationRoutes(app: App): void {
  // Each invitation is a mail sent on the owner's behalf: tighter than the api-wide limit.
  const inviteLimit = rateLimit({ name: 'invitations-create', limit: 30, windowMs: 60 * 60_000, by: 'user' });
  app.use('/api/books/:id/invitations', (c, next) =>
    c.req.method === 'POST' ? inviteLimit(c, next) : next(),
  );
  // Tokens are 256 bits, so guessing is hopeless anyway; this stops a client stuck in a retry loop.
  app.use(
    '/api/invitations/accept',
    rateLimit({ name: 'invitations-accept', limit: 20, windowMs: 15 * 60_000, by: 'user' }),
  );

  app.openapi(createInvitationRoute, async (c) => {
    const auth = requireAuth(c);
    const { id } = c.req.valid('param');
    const guarded = await loadBookFor(c.var.deps, auth, id, 'manageMembers');
    const invitation = await sendInvitation(c.var.deps, auth, guarded, c.req.valid('json'));
    return c.json(presentInvitation(invitation), 201);
  });
  app.openapi(listInvitationsRoute, async (c) => {
    const auth = requireAuth(c);
    const { id } = c.req.valid('param');
    await loadBookFor(c.var.deps, auth, id, 'manageMembers');
    const page = await listInvitations(c.var.deps, id, c.req.valid('query'));
    return c.json({ items: page.items.map(presentInvitation), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(revokeInvitationRoute, async (c) => {
    const auth = requireAuth(c);
    const { id, invitationId } = c.req.valid('param');
    await loadBookFor(c.var.deps, auth, id, 'manageMembers');
    await revokeInvitationById(c.var.deps, auth.sub, id, invitationId);
    return c.body(null, 204);
  });
  app.openapi(acceptInvitationRoute, async (c) => {
    const auth = requireAuth(c);
    return c.json(await acceptInvitation(c.var.deps, auth, c.req.valid('json').token), 200);
  });
}
