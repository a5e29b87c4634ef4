import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { MediaContentType, MediaKind } from '@galley/shared/api/media';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import type { BookRecord } from './booksRepo.ts';
import { transact as transactOrAnswer } from './bookWrites.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor } from './pageCursor.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'> & Partial<Pick<AppDeps, 'events'>>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A checked image in a book's media library (PK=BOOK#<id>, SK=MEDIA#<mediaId>). */
export interface MediaRecord {
  id: string;
  bookId: string;
  kind: MediaKind;
  contentType: MediaContentType;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  uploadedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** What an uploader declared when asking for a presigned URL; the file is checked against it. */
export interface PendingUpload {
  id: string;
  bookId: string;
  kind: MediaKind;
  contentType: MediaContentType;
  bytes: number;
  uploadedBy: string;
  createdAt: string;
  expiresAt: string;
}

/** The book record's note of its cover (validation and the exporter read the bytes from S3). */
export interface CoverNote {
  mediaId: string;
  contentType: MediaContentType;
  bytes: number;
  width: number;
  height: number;
  updatedAt: string;
}

/** The cover the book's record notes; books without one (or stored before covers) have none. */
export function coverOf(book: BookRecord): CoverNote | null {
  return (book as BookRecord & { cover?: CoverNote | null }).cover ?? null;
}

const strip = <T>({ PK: _p, SK: _s, entity: _e, ...rest }: Record<string, unknown>): T => rest as T;

/**
 * `replaceOwn`: a client-chosen id started again by the same person replaces their earlier, unfinished
 * upload (a fresh URL after a lost answer); anyone else's stays untouched.
 */
export async function putPendingUpload(
  deps: StoreDeps,
  upload: PendingUpload,
  options: { replaceOwn?: boolean } = {},
): Promise<void> {
  await deps.ddb.send(
    new PutCommand({
      TableName: deps.table,
      Item: { ...keys.mediaUpload(upload.bookId, upload.id), entity: 'mediaUpload', ...upload },
      ...(options.replaceOwn
        ? {
            ConditionExpression: 'attribute_not_exists(PK) OR uploadedBy = :me',
            ExpressionAttributeValues: { ':me': upload.uploadedBy },
          }
        : { ConditionExpression: 'attribute_not_exists(PK)' }),
    }),
  );
}

export async function getPendingUpload(
  deps: StoreDeps,
  bookId: string,
  mediaId: string,
): Promise<PendingUpload | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.mediaUpload(bookId, mediaId), ConsistentRead: true }),
  );
  return Item ? strip<PendingUpload>(Item) : null;
}

export async function deletePendingUpload(deps: StoreDeps, bookId: string, mediaId: string): Promise<void> {
  await deps.ddb.send(new DeleteCommand({ TableName: deps.table, Key: keys.mediaUpload(bookId, mediaId) }));
}

export async function getMedia(
  deps: StoreDeps,
  bookId: string,
  mediaId: string,
): Promise<MediaRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.media(bookId, mediaId), ConsistentRead: true }),
  );
  return Item ? strip<MediaRecord>(Item) : null;
}

/**
 * Records a checked upload in one transaction: the media item appears and the pending upload goes
 * (so one upload is recorded once); for a cover the book notes it and the previous cover's item goes.
 * `previousCoverId` must still be the book's cover, so two cover uploads racing cannot both win.
 */
export async function recordMedia(
  deps: StoreDeps,
  media: MediaRecord,
  cover: { note: CoverNote; previousCoverId: string | null } | null,
): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: deps.table,
        Item: { ...keys.media(media.bookId, media.id), entity: 'media', ...media },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Delete: {
        TableName: deps.table,
        Key: keys.mediaUpload(media.bookId, media.id),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
  ];
  if (cover) {
    const previous = cover.previousCoverId;
    items.push({
      Update: {
        TableName: deps.table,
        Key: keys.book(media.bookId),
        UpdateExpression: 'SET cover = :cover',
        ConditionExpression: previous
          ? 'attribute_exists(PK) AND cover.mediaId = :previous'
          : 'attribute_exists(PK) AND (attribute_not_exists(cover) OR cover = :null)',
        ExpressionAttributeValues: previous
          ? { ':cover': cover.note, ':previous': previous }
          : { ':cover': cover.note, ':null': null },
      },
    });
    if (previous) items.push({ Delete: { TableName: deps.table, Key: keys.media(media.bookId, previous) } });
  }
  items.push(
    outboxItem(deps, {
      type: 'media.added',
      at: media.createdAt,
      actorId: media.uploadedBy,
      bookId: media.bookId,
      subject: { mediaId: media.id },
      data: {
        kind: media.kind,
        contentType: media.contentType,
        bytes: media.bytes,
        ...(cover?.previousCoverId ? { replacedMediaId: cover.previousCoverId } : {}),
      },
    }),
  );
  await transact(deps, items, 'The upload was recorded already, or the cover changed meanwhile; retry.');
}

/** Removes an item; a cover also leaves the book's record, only if it still is the book's cover. */
export async function deleteMediaRecord(
  deps: StoreDeps & Partial<Pick<AppDeps, 'now'>>,
  media: MediaRecord,
  actorId?: string,
): Promise<void> {
  const items: TransactItem[] = [
    {
      Delete: {
        TableName: deps.table,
        Key: keys.media(media.bookId, media.id),
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
  ];
  if (media.kind === 'cover') {
    items.push({
      Update: {
        TableName: deps.table,
        Key: keys.book(media.bookId),
        UpdateExpression: 'REMOVE cover',
        ConditionExpression: 'cover.mediaId = :id',
        ExpressionAttributeValues: { ':id': media.id },
      },
    });
  }
  items.push(
    outboxItem(deps, {
      type: 'media.deleted',
      at: new Date(deps.now?.() ?? Date.now()).toISOString(),
      actorId,
      bookId: media.bookId,
      subject: { mediaId: media.id },
      data: { kind: media.kind },
    }),
  );
  await transact(deps, items, 'The media item changed meanwhile; reload and retry.');
}

async function transact(deps: StoreDeps, items: TransactItem[], conflictMessage: string): Promise<void> {
  try {
    await deps.ddb.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new ConflictError(conflictMessage);
    throw error;
  }
  // Every media write carries its outbox event: publish it now rather than at the next poll.
  deps.events?.committed();
}

export async function updateMediaText(
  deps: StoreDeps & Pick<AppDeps, 'now'>,
  bookId: string,
  mediaId: string,
  patch: {
    alt?: string | undefined;
    caption?: string | null | undefined;
    credit?: string | null | undefined;
  },
  actorId?: string,
): Promise<MediaRecord> {
  const at = new Date(deps.now()).toISOString();
  const sets = ['updatedAt = :now', '#version = #version + :one'];
  const values: Record<string, unknown> = { ':now': at, ':one': 1 };
  for (const field of ['alt', 'caption', 'credit'] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    sets.push(`${field} = :${field}`);
    values[`:${field}`] = field === 'alt' ? value : value || null;
  }
  const result = await transactOrAnswer(deps, [
    {
      Update: {
        TableName: deps.table,
        Key: keys.media(bookId, mediaId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: values,
      },
    },
    outboxItem(deps, {
      type: 'media.updated',
      at,
      actorId,
      bookId,
      subject: { mediaId },
      data: {
        fields: Object.keys(patch).filter((field) => patch[field as keyof typeof patch] !== undefined),
      },
    }),
  ]);
  if (!result.ok) throw new NotFoundError('Media');
  // A transaction returns no attributes: read the item back (at least as new as this write).
  const saved = await getMedia(deps, bookId, mediaId);
  if (!saved) throw new NotFoundError('Media');
  return saved;
}

/** A page of the book's media, newest first; `kind` filters each page after it is read. */
export async function listMedia(
  deps: StoreDeps,
  bookId: string,
  page: { cursor?: string | undefined; limit: number; kind?: MediaKind | undefined },
): Promise<{ items: MediaRecord[]; nextCursor: string | null }> {
  const partition = keys.media(bookId, '').PK;
  const start = decodeCursor(page.cursor, { attributes: ['PK', 'SK'], partition: { PK: partition } });
  const { Items, LastEvaluatedKey } = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: {
        ':pk': partition,
        ':prefix': keys.mediaPrefix,
        ...(page.kind ? { ':kind': page.kind } : {}),
      },
      ...(page.kind
        ? { FilterExpression: '#kind = :kind', ExpressionAttributeNames: { '#kind': 'kind' } }
        : {}),
      ScanIndexForward: false,
      Limit: page.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return {
    items: (Items ?? []).map((item) => strip<MediaRecord>(item)),
    nextCursor: encodeCursor(LastEvaluatedKey),
  };
}
