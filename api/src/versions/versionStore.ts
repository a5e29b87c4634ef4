import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BookVersion } from '@galley/shared/api/versions';
import type { AppDeps } from '../deps.ts';
import { outboxItem } from '../events/outbox.ts';
import { transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, encodeCursor } from '../store/pageCursor.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 's3' | 'table' | 'env'> & Partial<Pick<AppDeps, 'events'>>;

/**
 * Where versions live. The record (PK=BOOK#<id>, SK=VERSION#<ulid>) lists what the version holds;
 * the content is in the media bucket, next to the book's other irreplaceable files (the exports
 * bucket holds what can be rebuilt and may expire):
 *
 *   books/<bookId>/versions/<versionId>/<attempt>/book.json          metadata, chapter list, media held
 *   books/<bookId>/versions/<versionId>/<attempt>/chapters/<id>.yjs  Y.encodeStateAsUpdate of the chapter
 *
 * `<attempt>` is a fresh ULID per attempt at taking the version, named in the record: two deliveries
 * of one workflow event may take the same version id at once, and only one record is written (with a
 * condition), so each writes its own files and the loser never overwrites the winner's, whose record
 * points at them. Versions taken before attempts existed have their files directly in the version's
 * folder (no `attempt` on the record).
 *
 * Objects are written before the record, so a record never points at missing content; a failed
 * record write leaves orphan objects that nothing lists (a lifecycle rule may sweep them).
 */
export const versionObjectKeys = {
  folder: (bookId: string, versionId: string, attempt: string | null) =>
    `books/${bookId}/versions/${versionId}/${attempt ? `${attempt}/` : ''}`,
  book: (bookId: string, versionId: string, attempt: string | null) =>
    `${versionObjectKeys.folder(bookId, versionId, attempt)}book.json`,
  chapter: (bookId: string, versionId: string, attempt: string | null, chapterId: string) =>
    `${versionObjectKeys.folder(bookId, versionId, attempt)}chapters/${chapterId}.yjs`,
};

/** A version as the table holds it: what the api shows, plus which attempt's files are its own. */
export interface StoredVersion extends BookVersion {
  /** null for versions taken before attempts existed (see versionObjectKeys). */
  attempt: string | null;
}

/** The version as the api shows it: where its files are is nobody else's business. */
export function presentVersion({ attempt: _attempt, ...version }: StoredVersion): BookVersion {
  return version;
}

export async function putVersionObject(
  deps: StoreDeps,
  key: string,
  body: Uint8Array | string,
  contentType: string,
): Promise<void> {
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.env.S3_MEDIA_BUCKET,
      Key: key,
      Body: body,
      ContentType: contentType,
    }),
  );
}

/** Deletes objects of an attempt that lost; a failure is logged, an orphan costs only bytes. */
export async function deleteVersionObjects(deps: StoreDeps & Pick<AppDeps, 'log'>, objectKeys: string[]) {
  await Promise.all(
    objectKeys.map(async (Key) => {
      try {
        await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.env.S3_MEDIA_BUCKET, Key }));
      } catch (error) {
        deps.log.warn({ err: error, key: Key }, 'version object delete failed');
      }
    }),
  );
}

async function getObjectBytes(deps: StoreDeps, key: string): Promise<Uint8Array> {
  const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket: deps.env.S3_MEDIA_BUCKET, Key: key }));
  if (!Body) throw new Error(`S3 object ${key} has no body`);
  return Body.transformToByteArray();
}

/**
 * The record and its `version.created` event, in one transaction; false (nothing written) when a
 * version with that id exists already.
 */
export async function putVersionRecord(deps: StoreDeps, version: StoredVersion): Promise<boolean> {
  const result = await transact(deps, [
    {
      Put: {
        TableName: deps.table,
        Item: { ...keys.bookVersion(version.bookId, version.id), entity: 'bookVersion', ...version },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    outboxItem(deps, {
      type: 'version.created',
      at: version.createdAt,
      actorId: version.createdBy,
      bookId: version.bookId,
      subject: { versionId: version.id },
      data: { name: version.name, automatic: version.automatic, chapters: version.chapters.length },
    }),
  ]);
  return result.ok;
}

function fromItem(item: Record<string, unknown>): StoredVersion {
  const { PK: _pk, SK: _sk, entity: _e, ...rest } = item;
  // Records taken before triggers existed have none: they were all named by a writer; and before
  // attempts existed, none either (their files are in the version's folder itself).
  return { trigger: null, attempt: null, ...rest } as unknown as StoredVersion;
}

export async function getVersionRecord(
  deps: StoreDeps,
  bookId: string,
  versionId: string,
): Promise<StoredVersion | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.bookVersion(bookId, versionId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

export async function listVersionRecords(
  deps: StoreDeps,
  bookId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: StoredVersion[]; nextCursor: string | null }> {
  const partition = keys.bookVersion(bookId, '').PK;
  const startKey = decodeCursor(page.cursor, { attributes: ['PK', 'SK'], partition: { PK: partition } });
  const result = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': keys.bookVersionPrefix },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map(fromItem),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}

export async function readVersionBook(
  deps: StoreDeps,
  version: StoredVersion,
): Promise<Record<string, unknown>> {
  const bytes = await getObjectBytes(
    deps,
    versionObjectKeys.book(version.bookId, version.id, version.attempt),
  );
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
}

export function readVersionChapterState(
  deps: StoreDeps,
  version: StoredVersion,
  chapterId: string,
): Promise<Uint8Array> {
  return getObjectBytes(
    deps,
    versionObjectKeys.chapter(version.bookId, version.id, version.attempt, chapterId),
  );
}
