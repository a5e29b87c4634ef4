import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ActivityCount } from './docStorage.ts';
import { docKeys } from './keys.ts';
import { createTransactBatcher } from './transactBatcher.ts';

/** Activity rows live this long (DynamoDB TTL on `expiresAt`); a book's history beyond it is in versions. */
const ACTIVITY_RETENTION_SECONDS = 400 * 24 * 3600;

/**
 * Adds counts to the day rows. ADD is atomic, so nodes writing the same row for the same user never
 * lose each other's counts; `firstAt` keeps the earliest time any node saw. Every busy document
 * flushes its counts every few seconds, so the rows of many documents share transactions
 * (transactBatcher.ts) instead of one UpdateItem each.
 */
export function createDynamoActivityWriter(ddb: DynamoDBDocumentClient, table: string) {
  const batcher = createTransactBatcher<ActivityCount>({
    ddb,
    toItem: (count) => ({
      Update: {
        TableName: table,
        Key: docKeys.activity(count.bookId, count.day, count.chapterId, count.userId),
        UpdateExpression:
          'ADD changes :changes SET entity = :entity, bookId = :bookId, chapterId = :chapterId, userId = :userId, #day = :day, firstAt = if_not_exists(firstAt, :firstAt), lastAt = :lastAt, expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: {
          ':changes': count.changes,
          ':entity': 'activity',
          ':bookId': count.bookId,
          ':chapterId': count.chapterId,
          ':userId': count.userId,
          ':day': count.day,
          ':firstAt': new Date(count.firstAt).toISOString(),
          ':lastAt': new Date(count.lastAt).toISOString(),
          ':expiresAt': Math.floor(count.lastAt / 1000) + ACTIVITY_RETENTION_SECONDS,
        },
      },
    }),
    keyOf: (count) => [count.bookId, count.day, count.chapterId, count.userId].join('\n'),
    conditionFailedIsSettled: false,
  });
  return { write: (counts: ActivityCount[]): Promise<void> => batcher.write(counts) };
}
