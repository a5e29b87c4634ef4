import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BookMemberRole } from '@galley/shared/api/books';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import { buildUser, tokenFor } from '../../../../tests/support/buildUser.ts';
import type { TestApp } from '../../../../tests/support/testApp.ts';
import { createBook } from '../../domain/bookCreator.ts';
import { memberItem } from '../../store/booksRepo.ts';
import type { UserRecord } from '../../store/userRecord.ts';
import { createUser } from '../../store/usersRepo.ts';

let counter = 0;

/** A draft book owned by `ownerId` with two chapters, written the way POST /api/books writes it. */
export function buildBook(
  t: TestApp,
  ownerId: string,
  overrides: { title?: string; chapters?: string[] } = {},
) {
  counter += 1;
  return createBook(t.deps, {
    ownerId,
    title: overrides.title ?? `Book ${counter} ${Math.random().toString(36).slice(2, 8)}`,
    chapters: (overrides.chapters ?? ['One', 'Two']).map((title) => ({ title })),
  });
}

/** Stores a membership directly (for tests that are about what a member may do, not about adding one). */
export async function putMember(
  t: TestApp,
  bookId: string,
  userId: string,
  role: BookMemberRole,
  access?: SyncAccess,
): Promise<void> {
  const at = new Date(t.deps.now()).toISOString();
  const member = { bookId, userId, role, addedAt: at, ...(access ? { access } : {}) };
  await t.deps.ddb.send(new PutCommand({ TableName: t.deps.table, Item: memberItem(member, at) }));
}

export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * A user stored the way registration stores one (with the email lookup item, which members are
 * found by) and an access token.
 */
export async function registeredUser(
  t: TestApp,
  overrides: Partial<UserRecord> = {},
): Promise<{ user: UserRecord; token: string }> {
  const user = buildUser(overrides);
  await createUser(t.deps, user);
  return { user, token: await tokenFor(t, user) };
}
