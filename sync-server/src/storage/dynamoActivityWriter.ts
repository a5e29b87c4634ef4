import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ActivityCount } from './docStorage.ts';
import { docKeys } from './keys.ts';

/** Activity rows live this long (DynamoDB TTL on `expiresAt`); a book's history beyond it is in versions. */
const ACTIVITY_RETENTION_SECONDS = 400 * 24 * 3600;

/**
 * Adds counts to the day rows (one UpdateItem each: ADD is atomic, so nodes writing the same row for
 * the same user never lose each other's counts). `firstAt` keeps the earliest time any node saw.
 */
export async function writeActivityCounts(
  ddb: DynamoDBDocumentClient,
  table: string,
  counts: ActivityCount[],
): Promise<void> {
  await Promise.all(
    counts.map((count) =>
      ddb.send(
        new UpdateCommand({
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
        }),
      ),
    ),
  );
}
