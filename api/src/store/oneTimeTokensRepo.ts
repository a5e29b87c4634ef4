import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import type { StoreDeps } from './usersRepo.ts';

export type OneTimeTokenType = 'verify_email' | 'password_reset';

/** A single-use mail token, stored only as its sha256 (PK=TOKEN#<sha256>). */
export interface OneTimeTokenRecord {
  type: OneTimeTokenType;
  userId: string;
  /** Epoch seconds; checked on use, and DynamoDB TTL removes the item later. */
  expiresAt: number;
  createdAt: string;
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export async function putOneTimeToken(
  deps: StoreDeps,
  tokenHash: string,
  record: OneTimeTokenRecord,
): Promise<void> {
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: { ...keys.oneTimeToken(tokenHash), entity: 'token', ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

function fromItem(item: Record<string, unknown> | undefined): OneTimeTokenRecord | null {
  if (!item) return null;
  return {
    type: item.type as OneTimeTokenType,
    userId: String(item.userId),
    expiresAt: Number(item.expiresAt),
    createdAt: String(item.createdAt),
  };
}

export async function peekOneTimeToken(
  deps: StoreDeps,
  tokenHash: string,
  type: OneTimeTokenType,
): Promise<OneTimeTokenRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.oneTimeToken(tokenHash), ConsistentRead: true }),
  );
  const record = fromItem(Item);
  return record?.type === type ? record : null;
}

/**
 * Deletes the token if it exists and has the type, returning what it held. The conditional delete is
 * the single point of use: of two concurrent requests with the same token exactly one gets it back.
 */
export async function consumeOneTimeToken(
  deps: StoreDeps,
  tokenHash: string,
  type: OneTimeTokenType,
): Promise<OneTimeTokenRecord | null> {
  try {
    const { Attributes } = await deps.ddb.send(
      new DeleteCommand({
        TableName: deps.table,
        Key: keys.oneTimeToken(tokenHash),
        ConditionExpression: 'attribute_exists(PK) AND #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': type },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return fromItem(Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return null;
    throw error;
  }
}
