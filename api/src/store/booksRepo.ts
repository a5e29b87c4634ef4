import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BookMetadataInput } from '@galley/shared/api/bookMetadata';
import type { BookMemberRole, ChapterKind } from '@galley/shared/api/books';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import type { AppDeps } from '../deps.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor } from './pageCursor.ts';

type StoreDeps = Pick<AppDeps, 'ddb' | 'table'>;

/**
 * Book metadata as stored (PK=BOOK#<id>, SK=META). The publisher metadata fields arrived later, so
 * each may be missing on older books; presenters fill the defaults.
 */
export interface BookRecord extends Partial<BookMetadataInput> {
  id: string;
  title: string;
  subtitle: string | null;
  status: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Set while the book is in the bin; it can be restored until 30 days after this. */
  deletedAt?: string | null;
}

/** A chapter's place in the book (PK=BOOK#<id>, SK=CHAPTER#<chapterId>); its text lives in a Y.Doc. */
export interface ChapterRecord {
  id: string;
  bookId: string;
  title: string;
  order: number;
  /** Missing on chapters created before kinds existed: those are plain chapters. */
  kind?: ChapterKind;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A user's membership in a book; GSI1 lists a user's books. */
export interface MemberRecord {
  bookId: string;
  userId: string;
  role: BookMemberRole;
  /** What the member may do to the chapters; missing on memberships older than it (role default). */
  access?: SyncAccess;
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

/** The book, including one in the bin; callers that must hide binned books check `deletedAt`. */
export async function getBook(
  deps: StoreDeps,
  bookId: string,
  options: { consistent?: boolean } = {},
): Promise<BookRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({
      TableName: deps.table,
      Key: keys.book(bookId),
      ConsistentRead: options.consistent ?? false,
    }),
  );
  return Item ? strip<BookRecord>(Item) : null;
}

export const isDeleted = (book: BookRecord): boolean => typeof book.deletedAt === 'string';

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

export async function getChapter(
  deps: StoreDeps,
  bookId: string,
  chapterId: string,
): Promise<ChapterRecord | null> {
  const { Item } = await deps.ddb.send(
    new GetCommand({ TableName: deps.table, Key: keys.chapter(bookId, chapterId), ConsistentRead: true }),
  );
  return Item ? strip<ChapterRecord>(Item) : null;
}

/** Chapters in reading order. SKs are ids (stable under reordering), so the sort is by `order`. */
export async function listChapters(
  deps: StoreDeps,
  bookId: string,
  options: { consistent?: boolean } = {},
): Promise<ChapterRecord[]> {
  const chapters = await queryBookItems<ChapterRecord>(deps, bookId, keys.chapterPrefix, options);
  // Ties (never written by us, but possible in old data) fall back to id so the order is stable.
  return chapters.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Everyone on the book, oldest membership first. */
export async function listMembers(
  deps: StoreDeps,
  bookId: string,
  options: { consistent?: boolean } = {},
): Promise<MemberRecord[]> {
  const members = await queryBookItems<MemberRecord>(deps, bookId, keys.memberPrefix, options);
  return members.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.userId.localeCompare(b.userId));
}

async function queryBookItems<T>(
  deps: StoreDeps,
  bookId: string,
  skPrefix: string,
  options: { consistent?: boolean },
): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.book(bookId).PK, ':prefix': skPrefix },
        ConsistentRead: options.consistent ?? false,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) items.push(strip<T>(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface BookListFilter {
  status?: string | undefined;
  /** Case-insensitive substring of the title or subtitle. */
  q?: string | undefined;
}

/** Round trips one page may make while filters reject books, so a page cannot read without end. */
const MAX_LIST_ROUNDS = 10;

/**
 * The books a user is a member of, newest membership first: memberships from GSI1, then the books'
 * metadata in one batch read, so titles and status come from the book itself and never go stale.
 * Books in the bin, and books the filters reject, are skipped AFTER reading: the filters narrow each
 * page rather than the index. A page keeps reading (up to MAX_LIST_ROUNDS round trips) until it has
 * `limit` books, so it can come back short (even empty) with a `nextCursor` when most books are
 * filtered out; clients follow the cursor until it is null.
 */
export async function listBooksOfUser(
  deps: StoreDeps,
  userId: string,
  page: { cursor?: string | undefined; limit: number },
  filter: BookListFilter = {},
): Promise<{ items: { book: BookRecord; member: MemberRecord }[]; nextCursor: string | null }> {
  const partition = keys.userBooksPartition(userId);
  let start: Record<string, unknown> | undefined = decodeCursor(page.cursor, {
    attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    partition: { GSI1PK: partition },
  });
  const items: { book: BookRecord; member: MemberRecord }[] = [];
  const needle = filter.q?.toLocaleLowerCase();
  for (let round = 0; round < MAX_LIST_ROUNDS && items.length < page.limit; round++) {
    // Never read more memberships than the page still needs, so the cursor never skips a book.
    const result = await deps.ddb.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: page.limit - items.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const members = (result.Items ?? []).map((item) => strip<MemberRecord>(item));
    const books = await batchGetBooks(
      deps,
      members.map((m) => m.bookId),
    );
    for (const member of members) {
      const book = books.get(member.bookId);
      // A membership whose book is gone is skipped rather than shown as a broken row.
      if (!book || isDeleted(book)) continue;
      if (filter.status && book.status !== filter.status) continue;
      if (needle && !`${book.title}\n${book.subtitle ?? ''}`.toLocaleLowerCase().includes(needle)) continue;
      items.push({ book, member });
    }
    start = result.LastEvaluatedKey;
    if (!start) break;
  }
  return { items, nextCursor: encodeCursor(start) };
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
