import type { InvitationAcceptResponse } from '@galley/shared/api/invitations';
import { ErrorCode } from '@galley/shared/errors';
import { acceptanceVerdict } from '@galley/shared/invitations/invitationRules';
import { sha256 } from '../auth/secrets.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { getBook, getMembership, isDeleted, type MemberRecord, memberItem } from '../store/booksRepo.ts';
import { bumpBook, type TransactItem, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { getUserById } from '../store/usersRepo.ts';
import { membersOf } from './bookMemberships.ts';
import { getInvitation, getInvitationToken, invitationDeletes } from './invitationRecords.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/** One answer for unknown, used and revoked links, so a token reveals nothing about the book. */
const invalidLink = () =>
  new AppError(
    404,
    ErrorCode.invalidToken,
    'This invitation link is not valid, was already used or was revoked.',
  );

/**
 * Accepts an invitation for the signed-in user: the membership is created in the same transaction that
 * consumes the invitation (its token, its address guard and itself), so a link works once, and two
 * racing accepts cannot both succeed. See acceptanceVerdict for who may accept.
 */
export async function acceptInvitation(
  deps: Deps,
  auth: AuthContext,
  token: string,
): Promise<InvitationAcceptResponse> {
  const tokenRecord = await getInvitationToken(deps, sha256(token));
  if (!tokenRecord) throw invalidLink();
  const [invitation, book, user, membership] = await Promise.all([
    getInvitation(deps, tokenRecord.bookId, tokenRecord.invitationId),
    getBook(deps, tokenRecord.bookId, { consistent: true }),
    getUserById(deps, auth.sub),
    getMembership(deps, tokenRecord.bookId, auth.sub),
  ]);
  if (!invitation || !user) throw invalidLink();
  if (!book || isDeleted(book)) throw new NotFoundError('Book');
  const verdict = acceptanceVerdict(
    { email: invitation.email, expiresAt: invitation.expiresAt * 1000 },
    { email: user.email, emailVerified: user.emailVerified, isMember: membership !== null },
    deps.now(),
  );
  if (!verdict.ok) {
    switch (verdict.reason) {
      case 'expired':
        throw new AppError(
          410,
          ErrorCode.invitationExpired,
          'This invitation has expired; ask the owner for a new one.',
        );
      case 'email_mismatch':
        throw new ForbiddenError(
          `This invitation was sent to another address. Sign in with the account of that address to accept it.`,
          ErrorCode.invitationEmailMismatch,
        );
      case 'already_member':
        throw new ConflictError('You already are a member of this book.', ErrorCode.alreadyMember);
    }
  }
  const at = new Date(deps.now()).toISOString();
  const member: MemberRecord = {
    bookId: book.id,
    userId: user.id,
    role: invitation.role,
    access: invitation.access,
    addedAt: at,
  };
  const items: TransactItem[] = [
    ...invitationDeletes(deps.table, invitation),
    {
      Put: {
        TableName: deps.table,
        Item: memberItem(member, at),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    bumpBook(deps, book.id, at),
  ];
  if (verdict.verifiesEmail) {
    items.push({
      Update: {
        TableName: deps.table,
        Key: keys.user(user.id),
        UpdateExpression: 'SET emailVerified = :true, updatedAt = :at, #version = #version + :one',
        ConditionExpression: '#email = :email',
        ExpressionAttributeNames: { '#version': 'version', '#email': 'email' },
        ExpressionAttributeValues: { ':true': true, ':at': at, ':one': 1, ':email': user.email },
      },
    });
  }
  items.push(
    outboxItem(deps, {
      type: 'invitation.accepted',
      at,
      actorId: user.id,
      bookId: book.id,
      subject: { invitationId: invitation.id, userId: user.id },
    }),
    outboxItem(deps, {
      type: 'member.added',
      at,
      actorId: user.id,
      bookId: book.id,
      subject: { userId: user.id },
      data: { role: member.role, access: member.access, invitationId: invitation.id },
    }),
  );
  const result = await transact(deps, items);
  if (!result.ok) {
    if (result.failedConditions.includes(3)) {
      throw new ConflictError('You already are a member of this book.', ErrorCode.alreadyMember);
    }
    if (result.failedConditions.includes(4)) throw new NotFoundError('Book');
    throw invalidLink();
  }
  const listed = (await membersOf(deps, book.id)).find((m) => m.userId === user.id);
  return {
    book: { id: book.id, title: book.title },
    member: listed ?? {
      ...member,
      access: invitation.access,
      displayName: user.displayName,
      email: user.email,
    },
  };
}
