import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

interface Queued<T> {
  value: T;
  attempts: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface TransactBatcherOptions<T> {
  ddb: DynamoDBDocumentClient;
  /** The transaction item that writes `value`, with its own condition if it has one. */
  toItem: (value: T) => TransactItem;
  /** Identifies the item written: DynamoDB refuses a transaction that names one item twice. */
  keyOf: (value: T) => string;
  /** Whether a failed condition means the write is settled anyway (e.g. "first claim wins"). */
  conditionFailedIsSettled: boolean;
}

/** DynamoDB transactions take 100 items. */
const MAX_ITEMS_PER_TRANSACTION = 100;
const MAX_TRANSACTIONS_IN_FLIGHT = 2;
const MAX_ATTEMPTS = 10;
/** Cancellation reasons that say nothing against the write itself: it goes again. */
const RETRYABLE = new Set([
  'None',
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * Small writes that arrive in floods from many documents (author claims, activity counts) go to
 * DynamoDB together: what is queued in one event-loop turn shares a TransactWriteItems of up to 100,
 * at most two in flight. One request each kept DynamoDB (and the SDK's per-request work) busy for a
 * whole bench run and queued the update log's appends behind them (W2: 2,000 author claims and 100
 * activity writes a second). Each item keeps its own condition; a cancelled transaction says which
 * items failed theirs, and the others go again without counting an attempt.
 */
export function createTransactBatcher<T>(options: TransactBatcherOptions<T>) {
  const queue: Queued<T>[] = [];
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
    const batch: Queued<T>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < MAX_ITEMS_PER_TRANSACTION; ) {
      const key = options.keyOf(queue[i]!.value);
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

  async function write(batch: Queued<T>[]): Promise<void> {
    try {
      await options.ddb.send(
        new TransactWriteCommand({ TransactItems: batch.map((queued) => options.toItem(queued.value)) }),
      );
      for (const queued of batch) queued.resolve();
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (!(error instanceof Error && error.name === 'TransactionCanceledException' && reasons)) {
        for (const queued of batch) queued.reject(error);
        return;
      }
      batch.forEach((queued, i) => {
        const code = reasons[i]?.Code ?? 'None';
        if (code === 'ConditionalCheckFailed' && options.conditionFailedIsSettled) queued.resolve();
        else if (RETRYABLE.has(code) && (code === 'None' || ++queued.attempts < MAX_ATTEMPTS))
          queue.push(queued);
        else queued.reject(new Error(`transaction item refused: ${code}`));
      });
      if (queue.length > 0) schedule();
    }
  }

  return {
    /** Resolves once every value is written (or settled by its condition). */
    write(values: T[]): Promise<void> {
      return Promise.all(
        values.map(
          (value) =>
            new Promise<void>((resolve, reject) => {
              queue.push({ value, attempts: 0, resolve, reject });
              schedule();
            }),
        ),
      ).then(() => undefined);
    },
  };
}
