import {
  INVITATION_LIFETIME_DAYS,
  type InvitationCreateRequest,
  MAX_PENDING_INVITATIONS_PER_BOOK,
} from '@galley/shared/api/invitations';
import { defaultAccessFor } from '@galley/shared/bookAccess';
import { ErrorCode } from '@galley/shared/errors';
import { ulid } from 'ulid';
import { randomToken, sha256 } from '../auth/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError, UnavailableError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { getMembership } from '../store/booksRepo.ts';
import { type TransactItem, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { getUserByEmail, getUserById } from '../store/usersRepo.ts';
import type { GuardedBook } from './bookGuard.ts';
import {
  countInvitations,
  getInvitation,
  getInvitee,
  INVITATION_TOKEN_TYPE,
  type InvitationRecord,
  invitationDeletes,
  invitationItem,
} from './invitationRecords.ts';
import { revokeInvitation } from './invitationRevoker.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now' | 'env' | 'mailer' | 'log'>;

const LIFETIME_SECONDS = INVITATION_LIFETIME_DAYS * 24 * 3600;

/**
 * Invites an address to the book with a role and chapter access, and mails the accept link. The
 * invitation, its address guard and its token are one transaction, conditional on the book not being
 * in the bin and on no other pending invitation for the address (an expired one is replaced). Only the
 * token's sha256 is stored; the raw token exists in the mail alone.
 */
export async function sendInvitation(
  deps: Deps,
  auth: AuthContext,
  { book }: GuardedBook,
  request: InvitationCreateRequest,
): Promise<InvitationRecord> {
  const email = request.email.trim().toLowerCase();
  const existingUser = await getUserByEmail(deps, email);
  if (existingUser && (await getMembership(deps, book.id, existingUser.id))) {
    throw new ConflictError('This person is already a member of the book.', ErrorCode.alreadyMember);
  }
  const nowMs = deps.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const replaced = await expiredInvitationOf(deps, book.id, email, nowSeconds);
  if (
    (await countInvitations(deps, book.id, MAX_PENDING_INVITATIONS_PER_BOOK)) >=
      MAX_PENDING_INVITATIONS_PER_BOOK &&
    !replaced
  ) {
    throw new ConflictError(
      `A book may hold ${MAX_PENDING_INVITATIONS_PER_BOOK} pending invitations; revoke some first.`,
      ErrorCode.invitationLimitReached,
    );
  }
  const token = randomToken();
  const invitation: InvitationRecord = {
    id: ulid(nowMs),
    bookId: book.id,
    email,
    role: request.role,
    access: request.access ?? defaultAccessFor(request.role),
    invitedBy: auth.sub,
    createdAt: new Date(nowMs).toISOString(),
    expiresAt: nowSeconds + LIFETIME_SECONDS,
    tokenHash: sha256(token),
  };
  const items: TransactItem[] = [
    {
      ConditionCheck: {
        TableName: deps.table,
        Key: keys.book(book.id),
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(deletedAt)',
      },
    },
    {
      Put: {
        TableName: deps.table,
        Item: {
          ...keys.invitee(book.id, email),
          entity: 'invitee',
          invitationId: invitation.id,
          expiresAt: invitation.expiresAt,
        },
        // A pending invitation holds the address; an expired one (replaced below) no longer does.
        ConditionExpression: replaced ? 'invitationId = :replaced' : 'attribute_not_exists(PK)',
        ...(replaced ? { ExpressionAttributeValues: { ':replaced': replaced.invitationId } } : {}),
      },
    },
    {
      Put: {
        TableName: deps.table,
        Item: invitationItem(invitation),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: deps.table,
        Item: {
          ...keys.oneTimeToken(invitation.tokenHash),
          entity: 'token',
          type: INVITATION_TOKEN_TYPE,
          bookId: book.id,
          invitationId: invitation.id,
          expiresAt: invitation.expiresAt,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    // The guard's own delete is left out: the Put above overwrites it.
    ...(replaced?.record
      ? invitationDeletes(deps.table, replaced.record).filter((_, index) => index !== 1)
      : []),
  ];
  // The address is not in the event: consumers that need it read the invitation.
  items.push(
    outboxItem(deps, {
      type: 'invitation.created',
      at: invitation.createdAt,
      actorId: auth.sub,
      bookId: book.id,
      subject: { invitationId: invitation.id },
      data: { role: invitation.role, access: invitation.access },
    }),
  );
  const result = await transact(deps, items);
  if (!result.ok) {
    if (result.failedConditions.includes(0)) throw new NotFoundError('Book');
    throw new ConflictError('An invitation to this address is already pending.', ErrorCode.invitationPending);
  }
  try {
    await mailInvitation(deps, invitation, token, book.title, auth.sub);
  } catch (error) {
    // An invitation nobody received would block the address for 14 days: take it back.
    deps.log.warn({ err: error, bookId: book.id }, 'invitation mail failed; invitation withdrawn');
    await revokeInvitation(deps, invitation, null).catch(() => undefined);
    throw new UnavailableError('The invitation mail could not be sent; try again.');
  }
  return invitation;
}

/**
 * The expired invitation holding the address's guard, so a new one may replace it (`record` is null
 * when TTL already swept the invitation but not yet its guard). A pending one is a 409.
 */
async function expiredInvitationOf(
  deps: Deps,
  bookId: string,
  email: string,
  nowSeconds: number,
): Promise<{ invitationId: string; record: InvitationRecord | null } | null> {
  const guard = await getInvitee(deps, bookId, email);
  if (!guard) return null;
  if (guard.expiresAt > nowSeconds) {
    throw new ConflictError('An invitation to this address is already pending.', ErrorCode.invitationPending);
  }
  return { invitationId: guard.invitationId, record: await getInvitation(deps, bookId, guard.invitationId) };
}

async function mailInvitation(
  deps: Deps,
  invitation: InvitationRecord,
  token: string,
  bookTitle: string,
  inviterId: string,
): Promise<void> {
  const inviter = await getUserById(deps, inviterId);
  const link = `${deps.env.PUBLIC_URL}/invitations/accept?token=${encodeURIComponent(token)}`;
  const role = invitation.role.replace('_', '-');
  await deps.mailer.send({
    to: invitation.email,
    subject: `You are invited to work on “${bookTitle}” in Galley`,
    text: `Hello,\n\n${inviter?.displayName ?? 'The owner'} invites you to join “${bookTitle}” as ${role} (${invitation.access} access to the chapters).\n\nAccept within ${INVITATION_LIFETIME_DAYS} days here; you can sign in or create an account with this address on the way:\n\n${link}\n\nIf you do not know this book, ignore this message.\n`,
  });
}
