import { z } from 'zod';
import { SyncAccessSchema } from '../sync/syncToken.ts';
import { AssignableMemberRoleSchema, BookMemberSchema } from './books.ts';

/** How long an invitation link works: long enough for a holiday, short enough that stale links die. */
export const INVITATION_LIFETIME_DAYS = 14;
/** Pending invitations a book may hold at once: each one is a mail sent on the owner's behalf. */
export const MAX_PENDING_INVITATIONS_PER_BOOK = 200;

export const InvitationCreateRequestSchema = z.strictObject({
  email: z.email().max(254),
  role: AssignableMemberRoleSchema,
  /** Defaults from the role (co-authors edit, everyone else comments). */
  access: SyncAccessSchema.optional(),
});
export type InvitationCreateRequest = z.infer<typeof InvitationCreateRequestSchema>;

/** A pending invitation, as its book's owner sees it (never with its token). */
export const InvitationSchema = z.object({
  id: z.string(),
  bookId: z.string(),
  email: z.string(),
  role: AssignableMemberRoleSchema,
  access: SyncAccessSchema,
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const InvitationListSchema = z.object({
  items: z.array(InvitationSchema),
  nextCursor: z.string().nullable(),
});

export const InvitationListQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** Tokens are 32 random bytes in base64url (43 characters); anything far off that is refused early. */
export const InvitationAcceptRequestSchema = z.strictObject({
  token: z.string().min(16).max(128),
});

export const InvitationAcceptResponseSchema = z.object({
  book: z.object({ id: z.string(), title: z.string() }),
  member: BookMemberSchema,
});
export type InvitationAcceptResponse = z.infer<typeof InvitationAcceptResponseSchema>;
