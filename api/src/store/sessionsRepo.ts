import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessClaims } from '@galley/shared/api/auth';
import { keys } from './keys.ts';
import type { StoreDeps } from './usersRepo.ts';

/** How many superseded refresh-token hashes a session keeps to recognise reuse. Bounded so the item stays small. */
export const REFRESH_HISTORY_LIMIT = 50;

/** A sign-in on one device: the refresh-token family. PK=SESSION#<id>, listed per user through GSI1. */
export interface SessionRecord {
  id: string;
  userId: string;
  /** sha256 of the one refresh token that may be used next. */
  tokenHash: string;
  /** sha256 of earlier tokens of this family, newest first; presenting one of them is reuse. */
  previousHashes: string[];
  /** The token the last ordinary rotation replaced, usable once more until `graceUntil` (refreshGrace.ts). */
  graceHash?: string;
  /** Epoch ms. */
  graceUntil?: number;
  authTime: number;
  amr: AccessClaims['amr'];
  ip: string;
  userAgent: string;
  device: string;
  createdAt: string;
  lastUsedAt: string;
  /** Epoch seconds; DynamoDB TTL deletes the item after this. */
  expiresAt: number;
  revokedAt?: string;
  revokedReason?: string;
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

function fromItem(item: Record<string, unknown> | undefined): SessionRecord | null {
  if (!item) return null;
  const { PK: _pk, SK: _sk, GSI1PK: _g, GSI1SK: _gs, entity: _e, ...session } = item;
  return session as unknown as SessionRecord;
}

export async function createSession(deps: StoreDeps, session: SessionRecord): Promise<void> {
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: {
        ...keys.session(session.id),
        ...keys.sessionOfUser(session.userId, session.createdAt),
        entity: 'session',
        ...session,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function getSession(deps: StoreDeps, sessionId: string): Promise<SessionRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.session(sessionId), ConsistentRead: true }),
  );
  return fromItem(Item);
}

/**
 * Swaps the current token for a new one only if `session.tokenHash` is still current and the session is
 * live; the replaced token becomes the grace token until `graceUntil`. Two requests racing with the same
 * token: exactly one wins; the other sees false and judges its token again against what is stored now.
 */
export async function rotateRefreshToken(
  deps: StoreDeps,
  session: SessionRecord,
  newHash: string,
  usedAt: string,
  graceUntil: number,
): Promise<boolean> {
  return conditionalUpdate(deps, {
    Key: keys.session(session.id),
    UpdateExpression:
      'SET tokenHash = :new, previousHashes = :history, lastUsedAt = :at, graceHash = :old, graceUntil = :until',
    ConditionExpression: 'tokenHash = :old AND attribute_not_exists(revokedAt)',
    ExpressionAttributeValues: {
      ':new': newHash,
      ':old': session.tokenHash,
      ':history': historyAfter(session),
      ':at': usedAt,
      ':until': graceUntil,
    },
  });
}

/**
 * The grace use: the token the last rotation replaced came back because its answer was lost. Issues a
 * new current token, retires the current one (it never reached anyone who should hold it) and spends
 * the grace, all only if nothing rotated since `session` was read and the grace is still unspent; so
 * of two requests racing here, one wins and the other finds the grace gone.
 */
export async function rotateWithinGrace(
  deps: StoreDeps,
  session: SessionRecord,
  graceHash: string,
  newHash: string,
  usedAt: string,
): Promise<boolean> {
  return conditionalUpdate(deps, {
    Key: keys.session(session.id),
    UpdateExpression:
      'SET tokenHash = :new, previousHashes = :history, lastUsedAt = :at REMOVE graceHash, graceUntil',
    ConditionExpression: 'tokenHash = :current AND graceHash = :grace AND attribute_not_exists(revokedAt)',
    ExpressionAttributeValues: {
      ':new': newHash,
      ':current': session.tokenHash,
      ':grace': graceHash,
      ':history': historyAfter(session),
      ':at': usedAt,
    },
  });
}

function historyAfter(session: SessionRecord): string[] {
  return [session.tokenHash, ...session.previousHashes].slice(0, REFRESH_HISTORY_LIMIT);
}

async function conditionalUpdate(
  deps: StoreDeps,
  update: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
): Promise<boolean> {
  try {
    await deps.ddb.send(new UpdateCommand({ TableName: deps.table, ...update }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Marks the session revoked; true if this call revoked it, false if it already was (or is gone). */
export async function markSessionRevoked(
  deps: StoreDeps,
  sessionId: string,
  at: string,
  reason: string,
): Promise<boolean> {
  try {
    await deps.ddb.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.session(sessionId),
        UpdateExpression: 'SET revokedAt = :at, revokedReason = :reason',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': at, ':reason': reason },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A fresh proof (step-up) moves auth_time forward for the tokens this session issues from now on. */
export async function updateSessionAuth(
  deps: StoreDeps,
  sessionId: string,
  authTime: number,
  amr: AccessClaims['amr'],
): Promise<void> {
  await deps.ddb.send(
    new UpdateCommand({
      TableName: deps.table,
      Key: keys.session(sessionId),
      UpdateExpression: 'SET authTime = :t, amr = :amr',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
      ExpressionAttributeValues: { ':t': authTime, ':amr': amr },
    }),
  );
}

/** Every session of the user, newest first, including revoked and expired ones (callers filter). */
export async function listSessionsOfUser(deps: StoreDeps, userId: string): Promise<SessionRecord[]> {
  const sessions: SessionRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.userSessionsPartition(userId) },
        ScanIndexForward: false,
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      const session = fromItem(item);
      if (session) sessions.push(session);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return sessions;
}
