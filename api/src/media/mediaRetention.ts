import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import { mediaObjectKeys } from '../export/bookMedia.ts';
import { keys } from '../store/keys.ts';
import type { MediaRecord } from '../store/mediaRepo.ts';
import { deleteObjectsQuietly } from './mediaObjects.ts';

type RetentionDeps = Pick<AppDeps, 'ddb' | 'table'>;

/**
 * Versions refer to library images by id instead of copying them. The bytes under
 * `books/<bookId>/media/<mediaId>` are written once per id (ids are fresh ULIDs, and a client-chosen id
 * that a version keeps can never be uploaded again), so a reference is as good as a copy as long as
 * the bytes stay. A copy per version would not be: a version is taken at every workflow transition,
 * and 50 images copied each time is 50 requests and 50 more stored files per transition, while the
 * images rarely change. So the first version that holds an image writes a "kept" marker, and the
 * library never deletes the bytes of a kept image (its record, and so the library entry, still goes).
 * Versions are never deleted one by one (a purge of the book takes everything), so a marker is never
 * taken back and needs no count.
 *
 * The race with a deletion is settled by DynamoDB: a marker is written only in a transaction that
 * checks the library record still exists, and a deletion removes the record before it looks for a
 * marker. Either the marker came first and the deletion sees it, or the record was gone and the
 * version does not hold the image.
 */

/** Reads library records and their markers for `mediaIds`, at most 50 ids (100 keys) per request. */
export async function readMediaAndMarkers(
  deps: RetentionDeps,
  bookId: string,
  mediaIds: readonly string[],
): Promise<{ records: Map<string, MediaRecord>; kept: Set<string> }> {
  const records = new Map<string, MediaRecord>();
  const kept = new Set<string>();
  const ids = [...new Set(mediaIds)];
  for (let from = 0; from < ids.length; from += 50) {
    let pending: Record<string, unknown>[] = ids
      .slice(from, from + 50)
      .flatMap((id) => [keys.media(bookId, id), keys.mediaKept(bookId, id)]);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      const { Responses, UnprocessedKeys } = await deps.ddb.send(
        new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of Responses?.[deps.table] ?? []) {
        const { PK: _pk, SK, entity, ...rest } = item;
        if (entity === 'mediaKept') kept.add(String(rest.mediaId));
        else if (entity === 'media') records.set(String(rest.id), rest as unknown as MediaRecord);
      }
      pending = (UnprocessedKeys?.[deps.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      if (attempt >= 8 && pending.length > 0) throw new Error('Media could not be read; try again.');
    }
  }
  return { records, kept };
}

/**
 * Marks an image's bytes as held by `versionId`; false when the library record is gone (deleted since
 * it was read) and no earlier version kept it, i.e. the bytes may be gone too.
 */
export async function keepMediaBytes(
  deps: RetentionDeps,
  bookId: string,
  mediaId: string,
  versionId: string,
  at: string,
): Promise<boolean> {
  try {
    await deps.ddb.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: deps.table,
              Key: keys.media(bookId, mediaId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
          {
            Put: {
              TableName: deps.table,
              Item: {
                ...keys.mediaKept(bookId, mediaId),
                entity: 'mediaKept',
                mediaId,
                versionId,
                keptAt: at,
              },
              // The first version to keep it stays named: any is enough, the marker is never removed.
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    // Either the marker exists already (another version, or a racing delivery of this one) or the
    // record is gone: only the marker says whether the bytes are still there.
    return isMediaKept(deps, bookId, mediaId);
  }
}

export async function isMediaKept(deps: RetentionDeps, bookId: string, mediaId: string): Promise<boolean> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.mediaKept(bookId, mediaId), ConsistentRead: true }),
  );
  return Item !== undefined;
}

/**
 * Deletes the bytes of library images whose records are gone, except those a version keeps. Call it
 * only after the records are deleted (see above for why the order matters).
 */
export async function deleteUnkeptMediaBytes(
  deps: RetentionDeps & Pick<AppDeps, 's3' | 'env' | 'log'>,
  bookId: string,
  mediaIds: readonly string[],
): Promise<void> {
  const { kept } = await readMediaAndMarkers(deps, bookId, mediaIds);
  await deleteObjectsQuietly(
    deps,
    mediaIds.filter((id) => !kept.has(id)).map((id) => mediaObjectKeys.media(bookId, id)),
  );
}
