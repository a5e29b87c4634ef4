import { type BookMember, BookMemberListSchema, BookMemberSchema } from '@galley/shared/api/books';
import {
  type InvitationCreateRequest,
  InvitationListSchema,
  InvitationSchema,
} from '@galley/shared/api/invitations';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import type { ApiClient } from '../../../api/apiClient.ts';

const enc = encodeURIComponent;

/** The member and invitation paths of one book, each with the shared schema of its answer. */
export function membersApi(client: ApiClient, bookId: string) {
  const book = `/api/books/${enc(bookId)}`;
  return {
    list: () => client.request('GET', `${book}/members`, { schema: BookMemberListSchema }),
    changeAccess: (member: BookMember, access: SyncAccess) =>
      client.request('PATCH', `${book}/members/${enc(member.userId)}`, {
        body: { access },
        schema: BookMemberSchema,
      }),
    remove: (member: BookMember) => client.request('DELETE', `${book}/members/${enc(member.userId)}`),
    invitations: () =>
      client.request('GET', `${book}/invitations`, { query: { limit: 100 }, schema: InvitationListSchema }),
    invite: (body: InvitationCreateRequest) =>
      client.request('POST', `${book}/invitations`, { body, schema: InvitationSchema }),
    revoke: (invitationId: string) => client.request('DELETE', `${book}/invitations/${enc(invitationId)}`),
  };
}
