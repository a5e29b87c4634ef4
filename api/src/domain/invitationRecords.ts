import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Invitation } from '@galley/shared/api/invitations';
import type { AppDeps } from '../deps.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, encodeCursor } from '../store/pageCursor.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/** The mail token's type, stored on its TOKEN# item beside the verify-email and reset tokens. */
export const INVITATION_TOKEN_TYPE = 'book_invitation';

/**
 * A pending invitation (PK=BOOK#<id>, SK=INVITATION#<ulid>). Three items exist while it is pending and
 * are written and removed together: this one, the INVITEE#<email> guard (one pending invitation per
 * address and book) and the TOKEN#<sha256> item the mailed link is looked up by. Accepting or revoking
 * deletes all three; `expiresAt` (epoch seconds) lets DynamoDB TTL sweep expired ones.
 */
export interface InvitationRecord {
  id: string;
  bookId: string;
  /** Lower-cased. */
  email: string;
  role: Invitation['role'];
  access: Invitation['access'];
  invitedBy: string;
  createdAt: string;
  expiresAt: number;
  tokenHash: string;
}

export interface InvitationTokenRecord {
  type: typeof INVITATION_TOKEN_TYPE;
  bookId: string;
  invitationId: string;
  expiresAt: number;
}

export const invitationItem = (invitation: InvitationRecord) => ({
  ...keys.invitation(invitation.bookId, invitation.id),
  entity: 'invitation',
  ...invitation,
});

export const presentInvitation = (invitation: InvitationRecord): Invitation => ({
  id: invitation.id,
  bookId: invitation.bookId,
  email: invitation.email,
  role: invitation.role,
  access: invitation.access,
  invitedBy: invitation.invitedBy,
  createdAt: invitation.createdAt,
  expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
});

function strip<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, entity: _e, ...rest } = item;
  return rest as T;
}

export async function getInvitation(
  deps: StoreDeps,
  bookId: string,
  invitationId: string,
): Promise<InvitationRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({
      TableName: deps.table,
      Key: keys.invitation(bookId, invitationId),
      ConsistentRead: true,
    }),
  );
  return Item ? strip<InvitationRecord>(Item) : null;
}

/** The guard item of an address: which invitation holds it, and until when. */
export async function getInvitee(
  deps: StoreDeps,
  bookId: string,
  email: string,
): Promise<{ invitationId: string; expiresAt: number } | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.invitee(bookId, email), ConsistentRead: true }),
  );
  return Item ? { invitationId: String(Item.invitationId), expiresAt: Number(Item.expiresAt) } : null;
}

export async function getInvitationToken(
  deps: StoreDeps,
  tokenHash: string,
): Promise<InvitationTokenRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.oneTimeToken(tokenHash), ConsistentRead: true }),
  );
  if (Item?.type !== INVITATION_TOKEN_TYPE) return null;
  return {
    type: INVITATION_TOKEN_TYPE,
    bookId: String(Item.bookId),
    invitationId: String(Item.invitationId),
    expiresAt: Number(Item.expiresAt),
  };
}

/** The book's invitations, newest first, one page (`limit` ≤ 100). */
export async function listInvitations(
  deps: StoreDeps,
  bookId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: InvitationRecord[]; nextCursor: string | null }> {
  const partition = keys.book(bookId).PK;
  const start = decodeCursor(page.cursor, { attributes: ['PK', 'SK'], partition: { PK: partition } });
  const result = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.invitationPrefix },
      ScanIndexForward: false,
      Limit: page.limit,
      ConsistentRead: true,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => strip<InvitationRecord>(item)),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

/** How many invitations the book holds (expired ones included until they are swept), up to `cap`. */
export async function countInvitations(deps: StoreDeps, bookId: string, cap: number): Promise<number> {
  const result = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.book(bookId).PK, ':prefix': keys.invitationPrefix },
      Select: 'COUNT',
      Limit: cap,
    }),
  );
  return result.Count ?? 0;
}

/** The delete items that remove a pending invitation: it, its address guard and its token. */
export function invitationDeletes(table: string, invitation: InvitationRecord) {
  return [
    {
      Delete: {
        TableName: table,
        Key: keys.invitation(invitation.bookId, invitation.id),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
    {
      // Only while it still points at this invitation (a later one for the address keeps its guard).
      Delete: {
        TableName: table,
        Key: keys.invitee(invitation.bookId, invitation.email),
        ConditionExpression: 'attribute_not_exists(PK) OR invitationId = :invitationId',
        ExpressionAttributeValues: { ':invitationId': invitation.id },
      },
    },
    { Delete: { TableName: table, Key: keys.oneTimeToken(invitation.tokenHash) } },
  ];
}
