import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type DeletedRanges,
  decodeDeletedRanges,
  encodeDeletedRanges,
  mergeRanges,
  splitDeletedRanges,
} from './deletedRanges.ts';
import { docKeys } from './keys.ts';
import { queryPages } from './queryPages.ts';

/**
 * Largest encoded record part. A part is rewritten whole on every merge (a read-modify-write: binary
 * attributes have no atomic ADD), and a write costs one unit per KB of the item, so parts stay small
 * and a new one starts when the newest is full; far below DynamoDB's 400 KB item limit either way.
 */
export const DELETION_PART_MAX_BYTES = 16 * 1024;
const MAX_ATTEMPTS = 8;

interface Part {
  part: number;
  rev: number;
  d: Uint8Array;
}

/**
 * Merges `deleted` into the user's newest record part, under a revision condition so that two nodes
 * recording the same user's deletions at once never drop each other's ranges (the loser re-reads and
 * merges again). What no longer fits goes into the next part.
 */
export async function writeDeletionRecord(
  ddb: DynamoDBDocumentClient,
  table: string,
  docName: string,
  userId: string,
  deleted: Uint8Array,
  partMaxBytes = DELETION_PART_MAX_BYTES,
): Promise<void> {
  for (const piece of splitDeletedRanges(decodeDeletedRanges(deleted), partMaxBytes)) {
    await addPiece({ ddb, table, docName, userId, partMaxBytes }, piece);
  }
}

interface Target {
  ddb: DynamoDBDocumentClient;
  table: string;
  docName: string;
  userId: string;
  partMaxBytes: number;
}

async function addPiece(target: Target, piece: DeletedRanges): Promise<void> {
  const { ddb, table, docName, userId, partMaxBytes } = target;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const last = await readNewestPart(target);
    const merged = last ? encodeDeletedRanges(mergeRanges(decodeDeletedRanges(last.d), piece)) : null;
    // Already recorded (a retried flush, or a deletion two sessions of one user both sent).
    if (last && merged && sameBytes(merged, last.d)) return;
    const fits = last !== null && merged !== null && merged.byteLength <= partMaxBytes;
    const part = fits ? last.part : (last?.part ?? -1) + 1;
    try {
      await ddb.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...docKeys.deletions(docName, userId, part),
            userId,
            part,
            rev: fits ? last.rev + 1 : 1,
            d: fits ? merged : encodeDeletedRanges(piece),
          },
          ConditionExpression: fits ? 'rev = :rev' : 'attribute_not_exists(PK)',
          ...(fits ? { ExpressionAttributeValues: { ':rev': last.rev } } : {}),
        }),
      );
      return;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      // Another node wrote this user's part between our read and write: re-read after a short, random
      // pause so the two do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
    }
  }
  throw new Error(`Recording deletions in ${docName} kept racing another writer`);
}

async function readNewestPart({ ddb, table, docName, userId }: Target): Promise<Part | null> {
  const { Items } = await ddb.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': docKeys.partition(docName),
        ':prefix': docKeys.deletionsOfUserPrefix(userId),
      },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const item = Items?.[0];
  return item ? { part: item.part as number, rev: item.rev as number, d: item.d as Uint8Array } : null;
}

/** Every user's parts, merged into one encoded set per user. */
export async function readDeletionRecords(
  ddb: DynamoDBDocumentClient,
  table: string,
  docName: string,
): Promise<Map<string, Uint8Array>> {
  const byUser = new Map<string, DeletedRanges[]>();
  const pages = queryPages(ddb, {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': docKeys.partition(docName), ':prefix': docKeys.deletionsPrefix },
    ProjectionExpression: 'userId, d',
    ConsistentRead: true,
  });
  for await (const page of pages) {
    for (const item of page) {
      const userId = item.userId as string;
      const parts = byUser.get(userId) ?? [];
      parts.push(decodeDeletedRanges(item.d as Uint8Array));
      byUser.set(userId, parts);
    }
  }
  return new Map([...byUser].map(([userId, parts]) => [userId, encodeDeletedRanges(mergeRanges(...parts))]));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
