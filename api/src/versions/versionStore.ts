import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
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
 *   books/<bookId>/versions/<versionId>/book.json             metadata + chapter list
 *   books/<bookId>/versions/<versionId>/chapters/<id>.yjs     Y.encodeStateAsUpdate of the chapter
 *
 * Objects are written before the record, so a record never points at missing content; a failed
 * record write leaves orphan objects that nothing lists (a lifecycle rule may sweep them).
 */
export const versionObjectKeys = {
  prefix: (bookId: string, versionId: string) => `books/${bookId}/versions/${versionId}/`,
  book: (bookId: string, versionId: string) => `books/${bookId}/versions/${versionId}/book.json`,
  chapter: (bookId: string, versionId: string, chapterId: string) =>
    `books/${bookId}/versions/${versionId}/chapters/${chapterId}.yjs`,
};

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

async function getObjectBytes(deps: StoreDeps, key: string): Promise<Uint8Array> {
  const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket: deps.env.S3_MEDIA_BUCKET, Key: key }));
  if (!Body) throw new Error(`S3 object ${key} has no body`);
  return Body.transformToByteArray();
}

/**
 * The record and its `version.created` event, in one transaction; false (nothing written) when a
 * version with that id exists already.
 */
export async function putVersionRecord(deps: StoreDeps, version: BookVersion): Promise<boolean> {
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

function fromItem(item: Record<string, unknown>): BookVersion {
  const { PK: _pk, SK: _sk, entity: _e, ...rest } = item;
  // Records taken before triggers existed have none: they were all named by a writer.
  return { trigger: null, ...rest } as unknown as BookVersion;
}

export async function getVersionRecord(
  deps: StoreDeps,
  bookId: string,
  versionId: string,
): Promise<BookVersion | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.bookVersion(bookId, versionId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : null;
}

export async function listVersionRecords(
  deps: StoreDeps,
  bookId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: BookVersion[]; nextCursor: string | null }> {
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
  version: BookVersion,
): Promise<Record<string, unknown>> {
  const bytes = await getObjectBytes(deps, versionObjectKeys.book(version.bookId, version.id));
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
}

export function readVersionChapterState(
  deps: StoreDeps,
  version: BookVersion,
  chapterId: string,
): Promise<Uint8Array> {
  return getObjectBytes(deps, versionObjectKeys.chapter(version.bookId, version.id, chapterId));
}
