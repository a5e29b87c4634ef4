import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DocStorage, LoadedDoc } from './docStorage.ts';
import { createDynamoActivityWriter } from './dynamoActivityWriter.ts';
import { createDynamoAuthorClaims } from './dynamoAuthorClaims.ts';
import { readDeletionRecords, writeDeletionRecord } from './dynamoDeletionRecords.ts';
import { createDynamoLogWriter } from './dynamoLogWriter.ts';
import { docKeys, docObjectKeys, seqFromSortKey } from './keys.ts';
import { queryPages } from './queryPages.ts';

export interface DynamoDocStorageOptions {
  ddb: DynamoDBDocumentClient;
  s3: S3Client;
  table: string;
  bucket: string;
  /**
   * Updates larger than this go to S3 and the log item points at them. DynamoDB's item limit is
   * 400 KB including attribute names and keys; 350 KB leaves room for those.
   */
  inlineLimitBytes?: number;
  /** Largest part of a user's deletion record (dynamoDeletionRecords.ts); tests make it small. */
  deletionPartMaxBytes?: number;
  /**
   * Compaction leaves log entries younger than this in place, even behind a snapshot; writers trust
   * their view of a log's end for half of it. Default 10 minutes. Node clocks must agree to well
   * within half of it (NTP gives milliseconds).
   */
  compactAfterMs?: number;
  now?: () => number;
}

interface LogItem {
  SK: string;
  u?: Uint8Array;
  s3Key?: string;
}

interface SnapshotItem {
  seq: number;
  s3Key: string;
}

const MAX_LOAD_ATTEMPTS = 5;

/**
 * Update log in the api's DynamoDB table, snapshots (and oversize updates) in S3.
 *
 * Each append is one Put on the condition that its key is new (dynamoLogWriter.ts shares one
 * transaction among many documents' appends), so two nodes that pick the same sequence number cannot
 * overwrite each other: the loser re-reads the end of the log and takes the next number.
 *
 * Nothing may land behind a snapshot, where loading never looks. A writer with a stale view of the
 * log's end would put its entry at a number a snapshot already covers, and succeed if compaction had
 * deleted that number's entry. It cannot: a writer trusts a view for at most compactAfterMs / 2
 * (then reads the end again), and compaction deletes only entries written more than compactAfterMs
 * ago. If the view (end = L, taken at t0) is trusted at t1 < t0 + compactAfterMs / 2, any entry L + 1
 * written by someone else was written after t0, so it is younger than compactAfterMs at t1 and still
 * there to fail the Put; if nobody wrote L + 1, no snapshot covers it (a snapshot covers only entries
 * its writer read). This replaced a ConditionCheck on the snapshot pointer in the same transaction:
 * two transactional items per entry, four times the write units of one Put in DynamoDB (and most of
 * DynamoDB Local's CPU in bench W2). The cost: up to compactAfterMs of entries stay behind each
 * snapshot until the next one (loading skips them).
 */
export function createDynamoDocStorage(options: DynamoDocStorageOptions): DocStorage {
  const { ddb, s3, table, bucket } = options;
  const now = options.now ?? Date.now;
  const compactAfterMs = options.compactAfterMs ?? 10 * 60_000;
  const inlineLimit = options.inlineLimitBytes ?? 350 * 1024;

  async function readSnapshotPointer(docName: string): Promise<SnapshotItem | null> {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: table, Key: docKeys.snapshot(docName), ConsistentRead: true }),
    );
    return Item ? { seq: Item.seq as number, s3Key: Item.s3Key as string } : null;
  }

  async function readLastSeq(docName: string): Promise<number> {
    const [{ Items }, pointer] = await Promise.all([
      ddb.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :log)',
          ExpressionAttributeValues: { ':pk': docKeys.partition(docName), ':log': docKeys.logPrefix },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
          ProjectionExpression: 'SK',
        }),
      ),
      readSnapshotPointer(docName),
    ]);
    const lastLogged = Items?.[0] ? seqFromSortKey(Items[0].SK as string) : 0;
    return Math.max(lastLogged, pointer?.seq ?? 0);
  }

  const writer = createDynamoLogWriter({ ddb, table, readLastSeq, now, viewMaxAgeMs: compactAfterMs / 2 });
  // Author records are best effort and arrive in floods (everyone opening at once): see dynamoAuthorClaims.ts.
  const authorClaims = createDynamoAuthorClaims(ddb, table);
  const activityWriter = createDynamoActivityWriter(ddb, table);

  async function getObject(key: string): Promise<Uint8Array> {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!Body) throw new Error(`S3 object ${key} has no body`);
    return Body.transformToByteArray();
  }

  async function readLogAfter(docName: string, afterSeq: number): Promise<LogItem[]> {
    const items: LogItem[] = [];
    const pages = queryPages(ddb, {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': docKeys.partition(docName),
        ':from': docKeys.logSortKey(afterSeq + 1),
        ':to': `${docKeys.logPrefix}~`,
      },
      ConsistentRead: true,
    });
    for await (const page of pages) items.push(...(page as LogItem[]));
    return items;
  }

  async function loadOnce(docName: string): Promise<LoadedDoc | null> {
    const pointer = await readSnapshotPointer(docName);
    const snapshotSeq = pointer?.seq ?? 0;
    let snapshot: Uint8Array | null = null;
    if (pointer) {
      try {
        snapshot = await getObject(pointer.s3Key);
      } catch (error) {
        // A newer snapshot replaced this one (and deleted its object) while we were reading: start over.
        if (error instanceof Error && error.name === 'NoSuchKey') return null;
        throw error;
      }
    }
    const items = await readLogAfter(docName, snapshotSeq);
    const seqs = items.map((i) => seqFromSortKey(i.SK));
    // Sequences are contiguous; a gap (or a moved pointer) means a compaction ran between our reads.
    const contiguous = seqs.every((seq, i) => seq === snapshotSeq + i + 1);
    if (!contiguous) return null;
    if (items.length === 0 && (await readSnapshotPointer(docName))?.seq !== pointer?.seq) return null;
    const updates = await Promise.all(items.map((i) => (i.u ? Promise.resolve(i.u) : getObject(i.s3Key!))));
    return { snapshot, snapshotSeq, updates, lastSeq: seqs.at(-1) ?? snapshotSeq };
  }

  async function compact(docName: string, upToSeq: number): Promise<void> {
    // Entries from before writtenAt existed were protected by a check at write time: old enough.
    const cutoff = now() - compactAfterMs;
    const old = (item: Record<string, unknown>) =>
      !(typeof item.writtenAt === 'number' && item.writtenAt > cutoff);
    const pages = queryPages(ddb, {
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': docKeys.partition(docName),
        ':from': docKeys.logSortKey(0),
        ':to': docKeys.logSortKey(upToSeq),
      },
      ProjectionExpression: 'PK, SK, s3Key, writtenAt',
    });
    for await (const page of pages) {
      const items = page.filter(old);
      for (let i = 0; i < items.length; i += 25) {
        const chunk = items.slice(i, i + 25);
        let requests = chunk.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } }));
        for (let attempt = 0; requests.length > 0 && attempt < 5; attempt++) {
          const result = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
          requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
        }
        await Promise.all(
          chunk.filter((item) => item.s3Key).map((item) => deleteObjectQuietly(item.s3Key as string)),
        );
      }
    }
  }

  async function deleteObjectQuietly(key: string): Promise<void> {
    // An orphaned object costs storage, not correctness; a lifecycle rule can sweep what this misses.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
  }

  return {
    async load(docName) {
      for (let attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
        const viewAt = now();
        const loaded = await loadOnce(docName);
        if (loaded) {
          writer.remember(docName, loaded.lastSeq, viewAt);
          return loaded;
        }
      }
      throw new Error(`Could not load ${docName}: compaction kept racing the read`);
    },

    async append(docName, update) {
      if (update.byteLength <= inlineLimit) return writer.append(docName, { u: update }, update.byteLength);
      const s3Key = docObjectKeys.update(docName, randomUUID());
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: s3Key, Body: update }));
      try {
        return await writer.append(docName, { s3Key }, 256);
      } catch (error) {
        await deleteObjectQuietly(s3Key);
        throw error;
      }
    },

    async writeSnapshot(docName, state, upToSeq) {
      const s3Key = docObjectKeys.snapshot(docName, upToSeq, randomUUID());
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: s3Key, Body: state }));
      let previous: Record<string, unknown> | undefined;
      try {
        const result = await ddb.send(
          new PutCommand({
            TableName: table,
            Item: { ...docKeys.snapshot(docName), seq: upToSeq, s3Key, bytes: state.byteLength },
            ConditionExpression: 'attribute_not_exists(PK) OR seq < :seq',
            ExpressionAttributeValues: { ':seq': upToSeq },
            ReturnValues: 'ALL_OLD',
          }),
        );
        previous = result.Attributes;
      } catch (error) {
        await deleteObjectQuietly(s3Key);
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
        throw error;
      }
      if (previous?.s3Key) await deleteObjectQuietly(previous.s3Key as string);
      await compact(docName, upToSeq);
    },

    recordAuthors: (docName, userId, clientIds) => authorClaims.claim(docName, userId, clientIds),

    recordActivity: (counts) => activityWriter.write(counts),

    recordDeletions: (docName, userId, deleted) =>
      writeDeletionRecord(ddb, table, docName, userId, deleted, options.deletionPartMaxBytes),

    loadDeletions: (docName) => readDeletionRecords(ddb, table, docName),

    async loadAuthors(docName) {
      const authors = new Map<number, string>();
      const pages = queryPages(ddb, {
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': docKeys.partition(docName), ':prefix': docKeys.authorPrefix },
        ProjectionExpression: 'clientId, userId',
      });
      for await (const page of pages) {
        for (const item of page) authors.set(item.clientId as number, item.userId as string);
      }
      return authors;
    },
  };
}
