import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { keys } from '../store/keys.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/**
 * Which user wrote with which Yjs client id in a document. Every Yjs item carries the id of the
 * client that created it, so this map turns "client 3412…" in a chapter's history into a person.
 * Rows are never compacted with the log: attribution must outlive the updates it explains.
 *
 * The first writer of a client id wins: a client id is random per editor session, and a later
 * claim on the same id is either a replay of the same session or a forgery.
 */
export async function recordDocAuthor(
  deps: StoreDeps,
  docName: string,
  clientId: number,
  userId: string,
  at: string,
): Promise<void> {
  try {
    await deps.ddb.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.docAuthor(docName, clientId), entity: 'docAuthor', clientId, userId, at },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Every recorded client id of a document and its user. */
export async function loadDocAuthors(deps: StoreDeps, docName: string): Promise<Map<number, string>> {
  const authors = new Map<number, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.docPartition(docName), ':prefix': keys.docAuthorPrefix },
        ProjectionExpression: 'clientId, userId',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) authors.set(item.clientId as number, item.userId as string);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return authors;
}
