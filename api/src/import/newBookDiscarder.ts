import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { keys } from '../store/keys.ts';

/**
 * Removes a book an import created moments ago and could not fill: its record, the owner's membership
 * (which lists it) and whatever else the import wrote under it. Only for that case: a book anyone used
 * goes to the bin instead. Nobody else knew the book's id yet, so there is nothing to keep.
 */
export async function discardNewBook(deps: Pick<AppDeps, 'ddb' | 'table'>, bookId: string): Promise<void> {
  const partition = keys.book(bookId).PK;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'PK, SK',
        ExclusiveStartKey: start,
      }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      const batch = items
        .slice(i, i + 25)
        .map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } }));
      let pending: typeof batch | undefined = batch;
      for (let attempt = 0; pending && pending.length > 0 && attempt < 5; attempt++) {
        const result = await deps.ddb.send(
          new BatchWriteCommand({ RequestItems: { [deps.table]: pending } }),
        );
        pending = result.UnprocessedItems?.[deps.table] as typeof batch | undefined;
      }
      if (pending && pending.length > 0)
        throw new Error('Could not remove every item of a discarded import book.');
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
