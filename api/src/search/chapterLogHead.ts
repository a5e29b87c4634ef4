import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { docKeys, seqFromSortKey } from '@galley/sync-server/storage/keys';
import type { AppDeps } from '../deps.ts';

/**
 * The sync server's last log sequence for a document, in one small query: the document's partition
 * read backwards from the top gives the snapshot pointer (SK=SNAPSHOT) and then the newest log entry
 * (LOG# sorts just below it; AUTHOR# rows sort below both). The highest of the two is the position a
 * text read would cover, so "head > indexed seq" means someone wrote since the chapter was indexed.
 */
export async function readChapterLogHead(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  docName: string,
): Promise<number> {
  const { Items } = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'PK = :pk AND SK >= :log',
      ExpressionAttributeValues: { ':pk': docKeys.partition(docName), ':log': docKeys.logPrefix },
      ExpressionAttributeNames: { '#seq': 'seq' },
      ProjectionExpression: 'SK, #seq',
      ScanIndexForward: false,
      Limit: 2,
    }),
  );
  let head = 0;
  for (const item of Items ?? []) {
    const sk = item.SK as string;
    if (sk === docKeys.snapshot(docName).SK) head = Math.max(head, Number(item.seq) || 0);
    else if (sk.startsWith(docKeys.logPrefix)) head = Math.max(head, seqFromSortKey(sk));
  }
  return head;
}
