import { can } from '@galley/shared/permissions';
import type { BookSearchDocument } from './bookSearchDocument.ts';
import type { SearchViewer } from './searchIndex.ts';

/**
 * Whether the viewer may read the book: the same rule as GET /api/books/:id (members of the book, and
 * publishers and admins who oversee the catalogue). Books in the bin are never in the index. Checked
 * inside the index's filter, before ranking and pagination, so pages are exact and never leak.
 */
export function mayRead(viewer: SearchViewer, document: BookSearchDocument): boolean {
  const memberRole = document.members[viewer.userId] ?? null;
  return can({ id: viewer.userId, roles: viewer.roles, mfa: false }, 'read', 'book', { memberRole });
}
