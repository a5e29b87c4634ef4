import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { docKeys } from './keys.ts';

/** What a log entry carries: the update inline, or the key of the S3 object holding it. */
export type LogPayload = { u: Uint8Array } | { s3Key: string };

interface QueuedAppend {
  docName: string;
  payload: LogPayload;
  bytes: number;
  attempts: number;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

export interface LogWriterOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  /** The end of a document's log as stored (highest entry or snapshot sequence). */
  readLastSeq: (docName: string) => Promise<number>;
  /**
   * How long this writer trusts what it last learnt of a log's end before reading it again. Must be
   * under half the time compaction leaves entries in place (see dynamoDocStorage.ts).
   */
  viewMaxAgeMs: number;
  now: () => number;
}

/** DynamoDB transactions take 100 items (one per entry here) and 4 MB. */
const MAX_ENTRIES_PER_TRANSACTION = 100;
const MAX_BYTES_PER_TRANSACTION = 3 * 1024 * 1024;
const MAX_ATTEMPTS = 20;
/**
 * Transactions of one node in flight at once. Without a cap, a node with hundreds of busy documents
 * sent a transaction per turn, each half full, and the table's request rate (and the SDK's per-request
 * work) grew with load; with it, entries that arrive while one is in flight wait and go together.
 * One, not two: bench W2 (500 busy documents) with one in flight made half as many transactions,
 * twice as full, and its p99 delivery fell from 63–166 ms to 44–59 ms with receive → persisted about
 * the same (DynamoDB Local runs transactions one at a time anyway). Against real DynamoDB one
 * transaction of up to 100 entries takes tens of milliseconds, thousands of entries a second per node.
 */
const MAX_TRANSACTIONS_IN_FLIGHT = 1;

/**
 * Appends log entries for many documents in shared transactions: with hundreds of busy documents, one
 * TransactWriteItems per entry is what limits a node (request signing, HTTP, the table's request
 * rate), so entries queued in the same turn of the event loop go together, up to 100 per transaction.
 *
 * Each entry is one Put on the condition that its key is new, carrying when it was written
 * (`writtenAt`). That one condition is enough because this writer never uses a view of a log's end
 * older than `viewMaxAgeMs` and compaction never deletes an entry younger than twice that: an entry
 * this writer does not know of is then still there to fail its Put (dynamoDocStorage.ts gives the
 * argument). A document has at most one entry in flight per writer, and its sequence number is taken
 * from the last *confirmed* write when the transaction is built, so a failed transaction can never
 * leave a gap in the log. When a transaction is cancelled, the entries whose condition failed re-read
 * the end of their log and retry; the others simply go again.
 */
export function createDynamoLogWriter(options: LogWriterOptions) {
  const { ddb, table, now } = options;
  /** docName → the log's end as this writer last knew it, and when it learnt it. */
  const lastSeqs = new Map<string, { seq: number; at: number }>();
  const knownEnd = (docName: string): number | undefined => {
    const known = lastSeqs.get(docName);
    return known && now() - known.at <= options.viewMaxAgeMs ? known.seq : undefined;
  };
  const queue: QueuedAppend[] = [];
  const inFlight = new Set<string>();
  let transactionsInFlight = 0;
  let scheduled = false;

  /**
   * `seq` was the log's end at time `at` or later (a load that started then, or a Put sent then that
   * succeeded: nothing was beyond it). Erring early only makes the view expire sooner.
   */
  const remember = (docName: string, seq: number, at: number) => {
    if (lastSeqs.size > 10_000) lastSeqs.clear();
    // A new document is remembered at 0 too: its first append then needs no read.
    if (seq >= (lastSeqs.get(docName)?.seq ?? 0)) lastSeqs.set(docName, { seq, at });
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };

  function takeBatch(): QueuedAppend[] {
    const batch: QueuedAppend[] = [];
    let bytes = 0;
    for (let i = 0; i < queue.length && batch.length < MAX_ENTRIES_PER_TRANSACTION; ) {
      const entry = queue[i]!;
      const fits = batch.length === 0 || bytes + entry.bytes <= MAX_BYTES_PER_TRANSACTION;
      if (inFlight.has(entry.docName) || !fits) {
        i++;
        continue;
      }
      inFlight.add(entry.docName);
      bytes += entry.bytes;
      batch.push(entry);
      queue.splice(i, 1);
    }
    return batch;
  }

  async function flush(): Promise<void> {
    if (transactionsInFlight >= MAX_TRANSACTIONS_IN_FLIGHT) return;
    const batch = takeBatch();
    if (batch.length === 0) return;
    transactionsInFlight += 1;
    try {
      await write(batch);
    } finally {
      transactionsInFlight -= 1;
      if (queue.length > 0) schedule();
    }
  }

  async function write(batch: QueuedAppend[]): Promise<void> {
    if (queue.length > 0) schedule();
    let seqs: number[];
    try {
      seqs = await Promise.all(
        batch.map(async (e) => (knownEnd(e.docName) ?? (await options.readLastSeq(e.docName))) + 1),
      );
    } catch (error) {
      finish(batch, () => undefined);
      for (const e of batch) e.reject(error);
      return;
    }
    try {
      const writtenAt = now();
      await ddb.send(
        new TransactWriteCommand({
          TransactItems: batch.map((e, i) => ({
            Put: {
              TableName: table,
              Item: { ...docKeys.logEntry(e.docName, seqs[i]!), ...e.payload, writtenAt },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          })),
        }),
      );
      finish(batch, (e, i) => {
        remember(e.docName, seqs[i]!, writtenAt);
        e.resolve(seqs[i]!);
      });
    } catch (error) {
      const cancelled = error instanceof Error && error.name === 'TransactionCanceledException';
      if (!cancelled) {
        finish(batch, () => undefined);
        for (const e of batch) e.reject(error);
        return;
      }
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      finish(batch, (e, i) => {
        const code = reasons[i]?.Code;
        // Another writer took this number: find the real end next time.
        if (code === 'ConditionalCheckFailed') lastSeqs.delete(e.docName);
        const innocent = !code || code === 'None';
        if (!innocent) e.attempts += 1;
        if (e.attempts >= MAX_ATTEMPTS)
          e.reject(new Error(`Could not append to ${e.docName}: too much contention`));
        else queue.push(e);
      });
      schedule();
    }
  }

  function finish(batch: QueuedAppend[], each: (entry: QueuedAppend, index: number) => void): void {
    batch.forEach((entry, index) => {
      inFlight.delete(entry.docName);
      each(entry, index);
    });
    if (queue.length > 0) schedule();
  }

  return {
    /** Resolves with the entry's sequence number once it is stored. */
    append(docName: string, payload: LogPayload, bytes: number): Promise<number> {
      return new Promise<number>((resolve, reject) => {
        queue.push({ docName, payload, bytes, attempts: 0, resolve, reject });
        schedule();
      });
    },
    /** What a load found, so the next append needs no read. */
    remember,
    forget(docName: string): void {
      lastSeqs.delete(docName);
    },
  };
}
