import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EmailTakenError } from '../auth/authErrors.ts';
import type { AppDeps } from '../deps.ts';
import { ConflictError } from '../errors.ts';
import { keys } from './keys.ts';
import type { UserRecord } from './userRecord.ts';

export type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

function toItem(user: UserRecord) {
  return { ...keys.user(user.id), ...keys.userListing(user.createdAt, user.id), entity: 'user', ...user };
}

function fromItem(item: Record<string, unknown> | undefined): UserRecord | null {
  if (!item) return null;
  const { PK: _pk, SK: _sk, GSI2PK: _g, GSI2SK: _gs, entity: _e, ...user } = item;
  return user as unknown as UserRecord;
}

/**
 * The user and its email-uniqueness item are written in one transaction: either both exist or
 * neither, so a failed sign-up never leaves a claimed email without an account (or the reverse).
 */
export async function createUser(deps: StoreDeps, user: UserRecord): Promise<void> {
  try {
    await deps.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: deps.table,
              Item: toItem(user),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: deps.table,
              Item: { ...keys.email(user.email), entity: 'email', userId: user.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed'
    ) {
      throw new EmailTakenError();
    }
    throw error;
  }
}

export async function getUserById(deps: StoreDeps, userId: string): Promise<UserRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.user(userId), ConsistentRead: true }),
  );
  return fromItem(Item);
}

export async function getUserByEmail(deps: StoreDeps, email: string): Promise<UserRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.email(email), ConsistentRead: true }),
  );
  const userId = Item?.userId;
  return typeof userId === 'string' ? getUserById(deps, userId) : null;
}

/**
 * Writes the whole record back if nobody changed it since `expectedVersion` was read; bumps the
 * version. The email is not changeable here (that would need the uniqueness item moved too).
 */
export async function saveUser(
  deps: StoreDeps,
  user: UserRecord,
  expectedVersion: number,
): Promise<UserRecord> {
  const next = { ...user, version: expectedVersion + 1 };
  try {
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.table,
        Item: toItem(next),
        ConditionExpression: '#version = :v AND #email = :email',
        ExpressionAttributeNames: { '#version': 'version', '#email': 'email' },
        ExpressionAttributeValues: { ':v': expectedVersion, ':email': user.email },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError('The account changed meanwhile; try again.');
    throw error;
  }
  return next;
}

const MAX_ATTEMPTS = 5;

/**
 * Read-modify-write with optimistic concurrency: `change` sees the latest record and returns the new
 * one (or throws to refuse, e.g. a recovery code already spent by a concurrent request). Retried on a
 * version clash, so two writers never overwrite each other and a check-then-consume is atomic.
 */
export async function mutateUser(
  deps: StoreDeps & Pick<AppDeps, 'now'>,
  userId: string,
  change: (user: UserRecord) => UserRecord,
): Promise<UserRecord> {
  for (let attempt = 1; ; attempt++) {
    const current = await getUserById(deps, userId);
    if (!current) throw new ConflictError('The account no longer exists.');
    const changed = { ...change(structuredClone(current)), updatedAt: new Date(deps.now()).toISOString() };
    try {
      return await saveUser(deps, changed, current.version);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
