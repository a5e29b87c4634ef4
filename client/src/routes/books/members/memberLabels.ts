import type { BookMemberRole } from '@galley/shared/api/books';
import type { SyncAccess } from '@galley/shared/sync/syncToken';

export const ROLE_LABELS: Record<BookMemberRole, string> = {
  owner: 'Owner',
  co_author: 'Co-author',
  editor: 'Editor',
  reviewer: 'Reviewer',
  publisher: 'Publisher',
};

export const ACCESS_LABELS: Record<SyncAccess, string> = {
  edit: 'Can edit',
  comment: 'Can comment',
  read: 'Can read',
};

export const ASSIGNABLE_ROLES = (['co_author', 'editor', 'reviewer', 'publisher'] as const).map((value) => ({
  value,
  label: ROLE_LABELS[value],
}));

export const ACCESS_OPTIONS = (['edit', 'comment', 'read'] as const).map((value) => ({
  value,
  label: ACCESS_LABELS[value],
}));
