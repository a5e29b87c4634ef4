import type { BookMemberRole } from './api/books.ts';
import type { Role } from './roles.ts';
import type { SyncAccess } from './sync/syncToken.ts';

/**
 * What a person may do to a book's chapters, which is what their sync token carries. Writers edit;
 * editors, reviewers and publishers on the book comment; publishers and admins outside the book may
 * read (they oversee the catalogue). Anyone else gets nothing. The books issue replaces the role-based
 * default with access stored per membership.
 */
export function chapterAccessFor(
  memberRole: BookMemberRole | null,
  roles: readonly Role[],
): SyncAccess | null {
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
