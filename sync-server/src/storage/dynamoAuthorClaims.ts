import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { docKeys } from './keys.ts';

interface QueuedClaim {
  docName: string;
  clientId: number;
  userId: string;
  attempts: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** DynamoDB transactions take 100 items. */
const MAX_CLAIMS_PER_TRANSACTION = 100;
const MAX_TRANSACTIONS_IN_FLIGHT = 2;
const MAX_ATTEMPTS = 10;
/** Cancellation reasons that say nothing against the claim itself: it goes again. */
const RETRYABLE = new Set([
  'None',
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * Writes "this Yjs client id is this user" records for many documents in shared transactions, each
 * claim with its own condition (first claim wins: a later one is a replay or a forgery). Claims come
 * in floods — every editor session has a new client id, so a morning's worth of people opening their
 * chapters is thousands of them — and one conditional PutItem each kept DynamoDB (and the SDK) busy
 * for a whole bench run (W2: 2,000 claims, most of a minute). A cancelled transaction tells which
 * conditions failed: those claims are settled (someone claimed first), the rest go again.
 */
export function createDynamoAuthorClaims(ddb: DynamoDBDocumentClient, table: string) {
  const queue: QueuedClaim[] = [];
  let inFlight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };

  async function flush(): Promise<void> {
    if (inFlight >= MAX_TRANSACTIONS_IN_FLIGHT || queue.length === 0) return;
    // One claim per key per transaction: DynamoDB refuses a transaction naming an item twice.
    const batch: QueuedClaim[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < MAX_CLAIMS_PER_TRANSACTION; ) {
      const key = `${queue[i]!.docName}\n${queue[i]!.clientId}`;
      if (keys.has(key)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(...queue.splice(i, 1));
    }
    inFlight += 1;
    if (queue.length > 0) schedule();
    try {
      await write(batch);
    } finally {
      inFlight -= 1;
      if (queue.length > 0) schedule();
    }
  }

  async function write(batch: QueuedClaim[]): Promise<void> {
    try {
      await ddb.send(
        new TransactWriteCommand({
          TransactItems: batch.map((c) => ({
            Put: {
              TableName: table,
              Item: { ...docKeys.author(c.docName, c.clientId), clientId: c.clientId, userId: c.userId },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
        }),
      );
      for (const claim of batch) claim.resolve();
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (!(error instanceof Error && error.name === 'TransactionCanceledException' && reasons)) {
        for (const claim of batch) claim.reject(error);
        return;
      }
      batch.forEach((claim, i) => {
        const code = reasons[i]?.Code ?? 'None';
        if (code === 'ConditionalCheckFailed') claim.resolve();
        // Only a claim that was itself in the way counts an attempt; the innocent ones simply go again.
        else if (RETRYABLE.has(code) && (code === 'None' || ++claim.attempts < MAX_ATTEMPTS))
          queue.push(claim);
        else claim.reject(new Error(`author claim refused: ${code}`));
      });
    }
  }

  return {
    /** Resolves once every id is recorded for `userId`, or was already claimed by whoever came first. */
    claim(docName: string, userId: string, clientIds: number[]): Promise<void> {
      return Promise.all(
        clientIds.map(
          (clientId) =>
            new Promise<void>((resolve, reject) => {
              queue.push({ docName, clientId, userId, attempts: 0, resolve, reject });
              schedule();
            }),
        ),
      ).then(() => undefined);
    },
  };
}
