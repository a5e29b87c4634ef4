import type { BookMember, BookMemberRole } from '@galley/shared/api/books';
import { accessAllowedFor, defaultAccessFor } from '@galley/shared/bookAccess';
import { can } from '@galley/shared/permissions';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import type { AppDeps } from '../deps.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { actorOf } from '../policies/authorize.ts';
import { getMembership, listMembers, type MemberRecord, memberItem } from '../store/booksRepo.ts';
import { bumpBook, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { getUserByEmail, getUserById } from '../store/usersRepo.ts';
import type { GuardedBook } from './bookGuard.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'>;

/** The book's members with their names, for the member list (every reader of the book may see it). */
export async function membersOf(deps: Deps, bookId: string): Promise<BookMember[]> {
  const members = await listMembers(deps, bookId, { consistent: true });
  const users = await Promise.all(members.map((member) => getUserById(deps, member.userId)));
  return members.map((member, index) => ({
    userId: member.userId,
    role: member.role,
    access: member.access ?? defaultAccessFor(member.role),
    displayName: users[index]?.displayName ?? null,
    email: users[index]?.email ?? null,
    addedAt: member.addedAt,
  }));
}

/**
 * Adds an existing user to the book. The membership item carries the GSI1 listing keys, so the book
 * shows up in the new member's GET /api/books at once; it is written with the book's version bump in
 * one transaction, and never over an existing membership. People without an account are invited
 * by email instead (invitationSender.ts).
 */
export async function addMember(
  deps: Deps,
  { book, actorId }: GuardedBook,
  request: { email: string; role: Exclude<BookMemberRole, 'owner'>; access?: SyncAccess | undefined },
): Promise<MemberRecord> {
  const user = await getUserByEmail(deps, request.email);
  if (!user) {
    throw ValidationError.field(
      'email',
      'has no Galley account; invite the address instead (it gets a link to join)',
      'unknown_user',
    );
  }
  const at = new Date(deps.now()).toISOString();
  const member: MemberRecord = {
    bookId: book.id,
    userId: user.id,
    role: request.role,
    access: request.access ?? defaultAccessFor(request.role),
    addedAt: at,
  };
  const result = await transact(deps, [
    {
      Put: {
        TableName: deps.table,
        Item: memberItem(member, at),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    bumpBook(deps, book.id, at),
    outboxItem(deps, {
      type: 'member.added',
      at,
      actorId,
      bookId: book.id,
      subject: { userId: user.id },
      data: { role: member.role },
    }),
  ]);
  if (!result.ok) {
    if (result.failedConditions.includes(1)) throw new NotFoundError('Book');
    throw new ConflictError('This person is already a member of the book.');
  }
  return member;
}

/**
 * Removes a member. The owner stays (hand-over of ownership is its own, later operation); the owner
 * may remove anyone else, and any member may leave.
 */
export async function removeMember(
  deps: Deps,
  auth: AuthContext,
  { book, memberRole }: GuardedBook,
  userId: string,
): Promise<void> {
  const leaving = userId === auth.sub;
  if (!leaving && !can(actorOf(auth), 'manageMembers', 'book', { memberRole })) {
    throw new ForbiddenError('You may not do this.', 'forbidden', {
      action: 'manageMembers',
      entity: 'book',
    });
  }
  if (userId === book.ownerId) throw new ConflictError('The owner cannot be removed from the book.');
  const result = await transact(deps, [
    {
      Delete: {
        TableName: deps.table,
        Key: keys.member(book.id, userId),
        ConditionExpression: 'attribute_exists(PK) AND #role <> :owner',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':owner': 'owner' },
      },
    },
    bumpBook(deps, book.id, new Date(deps.now()).toISOString()),
    outboxItem(deps, {
      type: 'member.removed',
      at: new Date(deps.now()).toISOString(),
      actorId: auth.sub,
      bookId: book.id,
      subject: { userId },
      data: { left: leaving },
    }),
  ]);
  if (!result.ok) throw new NotFoundError(result.failedConditions.includes(1) ? 'Book' : 'Member');
}

/**
 * Changes a member's role and/or chapter access (owner). The owner's membership is not changed
 * here (ownership hand-over is its own operation). A new role without an access resets the access to
 * that role's default, so a reviewer promoted to co-author can write. The caller announces the change
 * to the sync nodes afterwards, which closes the member's open chapters so they reconnect with it.
 */
export async function changeMember(
  deps: Deps,
  { book, actorId }: GuardedBook,
  userId: string,
  change: { role?: Exclude<BookMemberRole, 'owner'> | undefined; access?: SyncAccess | undefined },
): Promise<MemberRecord> {
  if (userId === book.ownerId) throw new ConflictError("The owner's membership cannot be changed.");
  const current = await getMembership(deps, book.id, userId);
  if (!current) throw new NotFoundError('Member');
  const role = change.role ?? current.role;
  const access =
    change.access ?? (change.role ? defaultAccessFor(role) : (current.access ?? defaultAccessFor(role)));
  if (!accessAllowedFor(role, access)) throw ValidationError.field('access', `is not allowed for ${role}`);
  const at = new Date(deps.now()).toISOString();
  const result = await transact(deps, [
    {
      Update: {
        TableName: deps.table,
        Key: keys.member(book.id, userId),
        UpdateExpression: 'SET #role = :role, #access = :access',
        ConditionExpression: 'attribute_exists(PK) AND #role <> :owner',
        ExpressionAttributeNames: { '#role': 'role', '#access': 'access' },
        ExpressionAttributeValues: { ':role': role, ':access': access, ':owner': 'owner' },
      },
    },
    bumpBook(deps, book.id, at),
    outboxItem(deps, {
      type: 'member.changed',
      at,
      actorId,
      bookId: book.id,
      subject: { userId },
      data: { role, access },
    }),
  ]);
  if (!result.ok) throw new NotFoundError(result.failedConditions.includes(1) ? 'Book' : 'Member');
  return { ...current, role, access };
}
