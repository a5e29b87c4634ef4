import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BookMemberRole } from '@galley/shared/api/books';
import type { AppDeps } from '../deps.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor } from './pageCursor.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/** Book metadata as stored (PK=BOOK#<id>, SK=META). */
export interface BookRecord {
  id: string;
  title: string;
  subtitle: string | null;
  status: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A chapter's place in the book (PK=BOOK#<id>, SK=CHAPTER#<chapterId>); its text lives in a Y.Doc. */
export interface ChapterRecord {
  id: string;
  bookId: string;
  title: string;
  order: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A user's membership in a book; GSI1 lists a user's books. */
export interface MemberRecord {
  bookId: string;
  userId: string;
  role: BookMemberRole;
  addedAt: string;
}

export const bookItem = (book: BookRecord) => ({ ...keys.book(book.id), entity: 'book', ...book });
export const chapterItem = (chapter: ChapterRecord) => ({
  ...keys.chapter(chapter.bookId, chapter.id),
  entity: 'chapter',
  ...chapter,
});
/** `listedAt` orders the user's book list (GSI1SK), newest first. */
export const memberItem = (member: MemberRecord, listedAt: string) => ({
  ...keys.member(member.bookId, member.userId),
  ...keys.bookOfUser(member.userId, listedAt, member.bookId),
  entity: 'member',
  ...member,
});

function strip<T>(item: Record<string, unknown>): T {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g1s,
    GSI2PK: _g2,
    GSI2SK: _g2s,
    entity: _e,
    ...rest
  } = item;
  return rest as T;
}

export async function getBook(deps: StoreDeps, bookId: string): Promise<BookRecord | null> {
  const { Item } = await deps.ddb.send(new GetCommand({ TableName: deps.table, Key: keys.book(bookId) }));
  return Item ? strip<BookRecord>(Item) : null;
}

export async function getMembership(
  deps: StoreDeps,
  bookId: string,
  userId: string,
): Promise<MemberRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.member(bookId, userId) }),
  );
  return Item ? strip<MemberRecord>(Item) : null;
}

/** Chapters in reading order. SKs are ids (stable under reordering), so the sort is by `order`. */
export async function listChapters(deps: StoreDeps, bookId: string): Promise<ChapterRecord[]> {
  const chapters: ChapterRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.book(bookId).PK, ':prefix': 'CHAPTER#' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) chapters.push(strip<ChapterRecord>(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return chapters.sort((a, b) => a.order - b.order);
}

/**
 * The books a user is a member of, newest first: one page of memberships from GSI1, then their
 * metadata in one batch read, so titles and status come from the book itself and never go stale.
 */
export async function listBooksOfUser(
  deps: StoreDeps,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: { book: BookRecord; member: MemberRecord }[]; nextCursor: string | null }> {
  const partition = keys.userBooksPartition(userId);
  const start = decodeCursor(page.cursor, {
    attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    partition: { GSI1PK: partition },
  });
  const result = await deps.ddb.send(
    new QueryCommand({
      TableName: deps.table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: page.limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const members = (result.Items ?? []).map((item) => strip<MemberRecord>(item));
  const books = await batchGetBooks(
    deps,
    members.map((m) => m.bookId),
  );
  const items = members.flatMap((member) => {
    const book = books.get(member.bookId);
    // A membership whose book is gone is skipped rather than shown as a broken row.
    return book ? [{ book, member }] : [];
  });
  return { items, nextCursor: encodeCursor(result.LastEvaluatedKey) };
}

async function batchGetBooks(deps: StoreDeps, bookIds: string[]): Promise<Map<string, BookRecord>> {
  const found = new Map<string, BookRecord>();
  let pending: Record<string, unknown>[] = [...new Set(bookIds)].map((id) => keys.book(id));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
    const { Responses, UnprocessedKeys } = await deps.ddb.send(
      new BatchGetCommand({ RequestItems: { [deps.table]: { Keys: pending } } }),
    );
    for (const item of Responses?.[deps.table] ?? []) {
      const book = strip<BookRecord>(item);
      found.set(book.id, book);
    }
    pending = (UnprocessedKeys?.[deps.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    if (attempt >= 8 && pending.length > 0) throw new Error('Books could not be read; try again.');
  }
  return found;
}
