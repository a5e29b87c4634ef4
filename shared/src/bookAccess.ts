import type { BookMemberRole } from './api/books.ts';
import type { Role } from './roles.ts';
import type { SyncAccess } from './sync/syncToken.ts';

/**
 * The access a membership starts with when nobody chose one: writers edit; editors, reviewers and
 * publishers on the book comment.
 */
export function defaultAccessFor(memberRole: BookMemberRole): SyncAccess {
  return memberRole === 'owner' || memberRole === 'co_author' ? 'edit' : 'comment';
}

/**
 * Whether a membership may carry `access`. The owner always edits (a book nobody can write would be
 * stuck); anyone else may be given any level by the owner.
 */
export function accessAllowedFor(memberRole: BookMemberRole, access: SyncAccess): boolean {
  return memberRole !== 'owner' || access === 'edit';
}

/**
 * What a person may do to a book's chapters, which is what their sync token carries. A member gets the
 * access stored on their membership (memberships written before access was stored get the default of
 * their role); publishers and admins outside the book may read (they oversee the catalogue). Anyone
 * else gets nothing.
 */
export function chapterAccessFor(
  memberRole: BookMemberRole | null,
  roles: readonly Role[],
  storedAccess?: SyncAccess | null,
): SyncAccess | null {
  if (memberRole !== null && storedAccess && accessAllowedFor(memberRole, storedAccess)) return storedAccess;
  switch (memberRole) {
    case 'owner':
    case 'co_author':
      return 'edit';
    case 'editor':
    case 'reviewer':
    case 'publisher':
      return 'comment';
    case null:
      return roles.includes('publisher') || roles.includes('admin') ? 'read' : null;
  }
}
