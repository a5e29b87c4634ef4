import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';

type Deps = Pick<AppDeps, 'ddb' | 's3' | 'table'>;

/**
 * Deletes the items of one partition (optionally only those whose SK starts with `skPrefix`, or all but
 * `keepSk`), a page at a time, calling `each` on every item before it goes (to delete what it points
 * at). Safe to run again after a crash: what is already gone is simply not found.
 */
export async function deletePartition(
  deps: Deps,
  pk: string,
  options: { keepSk?: string; each?: (item: Record<string, unknown>) => Promise<void> } = {},
): Promise<number> {
  let deleted = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        Limit: 100,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (page.Items ?? []).filter((item) => item.SK !== options.keepSk);
    for (const item of items) await options.each?.(item);
    await batchDelete(
      deps,
      items.map((item) => ({ PK: item.PK, SK: item.SK })),
    );
    deleted += items.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
}

/** Deletes keys 25 at a time (BatchWriteItem's limit), retrying what DynamoDB leaves unprocessed. */
export async function batchDelete(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  keys: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= 8) throw new Error('DynamoDB kept items unprocessed; the purge resumes next run');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await deps.ddb.send(new BatchWriteCommand({ RequestItems: { [deps.table]: requests } }));
      requests = (result.UnprocessedItems?.[deps.table] ?? []) as typeof requests;
    }
  }
}

/** Deletes every object under `prefix` in `bucket`, a listing page (≤ 1000) at a time; returns the count. */
export async function deletePrefix(
  deps: Pick<AppDeps, 's3'>,
  bucket: string,
  prefix: string,
  onKey?: (key: string) => void,
): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await deps.s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    const objectKeys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
    // One request per object (16 at a time): purges are rare and small, and every S3 emulator has it.
    for (let i = 0; i < objectKeys.length; i += 16) {
      await Promise.all(
        objectKeys
          .slice(i, i + 16)
          .map((Key) => deps.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
      );
    }
    for (const key of objectKeys) onKey?.(key);
    deleted += objectKeys.length;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}
