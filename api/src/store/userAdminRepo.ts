import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '@galley/shared/roles';
import type { AppDeps } from '../deps.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor } from './pageCursor.ts';
import type { UserRecord } from './userRecord.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/** Items read per search; a `q` that matches rarely returns a short page and a cursor, never a long scan. */
export const MAX_USERS_SCANNED_PER_SEARCH = 500;
const USERS_PARTITION = 'USERS';
const CURSOR_ATTRIBUTES = ['PK', 'SK', 'GSI2PK', 'GSI2SK'];

function fromItem(item: Record<string, unknown>): UserRecord {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g, GSI2SK: _gs, entity: _e, ...user } = item;
  return user as unknown as UserRecord;
}

const matches = (user: UserRecord, q: string) =>
  user.email.toLowerCase().includes(q) || user.displayName.toLowerCase().includes(q);

/**
 * Users newest first from GSI2 (USERS). With `q`, pages are read until `limit` users match or the
 * scan budget runs out; the cursor then points just after the last user looked at, so paging on
 * continues the search without skipping or repeating anyone.
 */
export async function listUsers(
  deps: StoreDeps,
  query: { q?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: UserRecord[]; nextCursor: string | null }> {
  let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, {
    attributes: CURSOR_ATTRIBUTES,
    partition: { GSI2PK: USERS_PARTITION },
  });
  const q = query.q?.toLowerCase() ?? '';
  const items: UserRecord[] = [];
  let scanned = 0;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': USERS_PARTITION },
        ScanIndexForward: false,
        Limit: q ? Math.min(100, MAX_USERS_SCANNED_PER_SEARCH - scanned) : query.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const pageItems = page.Items ?? [];
    for (const [index, item] of pageItems.entries()) {
      scanned += 1;
      const user = fromItem(item);
      if (q && !matches(user, q)) continue;
      items.push(user);
      if (items.length === query.limit) {
        const more = index < pageItems.length - 1 || page.LastEvaluatedKey !== undefined;
        return { items, nextCursor: more ? encodeCursor(listingKeyOf(user)) : null };
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (q && startKey && scanned < MAX_USERS_SCANNED_PER_SEARCH);
  return { items, nextCursor: encodeCursor(startKey) };
}

function listingKeyOf(user: UserRecord): Record<string, string> {
  return { ...keys.user(user.id), ...keys.userListing(user.createdAt, user.id) };
}

export async function getUserForAdmin(deps: StoreDeps, userId: string): Promise<UserRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.user(userId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

/**
 * The write half of a role change, for the audit log's transaction: applies only if the user is
 * still at the version the admin's decision was based on.
 */
export function rolesUpdateItem(
  deps: StoreDeps,
  user: UserRecord,
  roles: Role[],
  updatedAt: string,
): Record<string, unknown> {
  return {
    Update: {
      TableName: deps.table,
      Key: keys.user(user.id),
      UpdateExpression: 'SET #roles = :roles, #version = :next, #updatedAt = :updatedAt',
      ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
      ExpressionAttributeNames: { '#roles': 'roles', '#version': 'version', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: {
        ':roles': roles,
        ':next': user.version + 1,
        ':expected': user.version,
        ':updatedAt': updatedAt,
      },
    },
  };
}
