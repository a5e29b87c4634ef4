import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { keys } from '../store/keys.ts';

/**
 * Books binned before `cutoff` (ISO), oldest first, at most `limit`: read from GSI2, where binning puts
 * the book's META (GSI2PK=BIN, GSI2SK=<deletedAt>#<id>) and restoring takes it out. Books binned before
 * that index existed are listed by `npm run books:backfill-purge-index -w api` (binIndexBackfill.ts).
 */
export async function binnedBefore(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  cutoff: string,
  limit: number,
): Promise<{ bookId: string; deletedAt: string }[]> {
  const { Items } = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :bin AND GSI2SK < :cutoff',
      ExpressionAttributeValues: { ':bin': keys.binPartition, ':cutoff': cutoff },
      ProjectionExpression: 'id, deletedAt',
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({ bookId: String(item.id), deletedAt: String(item.deletedAt) }));
}
