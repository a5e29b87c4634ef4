import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { docKeys } from './keys.ts';
import { createTransactBatcher } from './transactBatcher.ts';

interface AuthorClaim {
  docName: string;
  clientId: number;
  userId: string;
}

/**
 * "This Yjs client id is this user" records, first claim winning (a later one is a replay or a
 * forgery). Every editor session has a new client id, so they arrive in floods — everyone opening
 * their chapters in the morning — and go to DynamoDB in shared transactions (transactBatcher.ts).
 */
export function createDynamoAuthorClaims(ddb: DynamoDBDocumentClient, table: string) {
  const batcher = createTransactBatcher<AuthorClaim>({
    ddb,
    toItem: (claim) => ({
      Put: {
        TableName: table,
        Item: {
          ...docKeys.author(claim.docName, claim.clientId),
          clientId: claim.clientId,
          userId: claim.userId,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    keyOf: (claim) => `${claim.docName}\n${claim.clientId}`,
    conditionFailedIsSettled: true,
  });
  return {
    /** Resolves once every id is recorded for `userId`, or was already claimed by whoever came first. */
    claim: (docName: string, userId: string, clientIds: number[]): Promise<void> =>
      batcher.write(clientIds.map((clientId) => ({ docName, clientId, userId }))),
  };
}
