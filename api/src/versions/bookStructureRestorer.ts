import { MAX_CHAPTERS_PER_BOOK } from '@galley/shared/api/books';
import type { BookVersion, VersionChapter } from '@galley/shared/api/versions';
import { ErrorCode } from '@galley/shared/errors';
import type { AppDeps } from '../deps.ts';
import { type GuardedBook, staleVersionError } from '../domain/bookGuard.ts';
import { METADATA_KEYS, writableFields } from '../domain/bookMetadataFields.ts';
import { ConflictError } from '../errors.ts';
import { outboxItem } from '../events/outbox.ts';
import { type ChapterRecord, chapterItem, listChapters } from '../store/booksRepo.ts';
import { type TransactItem, transact } from '../store/bookWrites.ts';
import { keys } from '../store/keys.ts';

type Deps = Pick<AppDeps, 'ddb' | 'table' | 'now'> & Partial<Pick<AppDeps, 'events'>>;

export interface StructureRestore {
  /** Chapters of the version the book had lost, created again (same id, title, kind and place). */
  recreated: string[];
  /** Chapters added since the version: kept, after the version's chapters. */
  kept: string[];
}

/**
 * Puts the book's metadata and chapter list back as they were in `version`, as ONE transaction
 * guarded by the book's version: the META record (title, subtitle and every metadata field; fields
 * the version did not have are removed), each of the version's chapters (title, kind, place; created
 * again if deleted since), the chapters added since renumbered behind them, and the `book.updated`
 * event. A stale `expectedVersion`, or any write to the book meanwhile, is a 409 with the book as it
 * now is and nothing written. Workflow status, owner and members are not the version's to restore.
 *
 * Item budget: 1 META + at most MAX_CHAPTERS_PER_BOOK (98) chapters + 1 event = 100, DynamoDB's
 * transaction limit; a book that would exceed 98 chapters (the version's plus those added since) is
 * refused before anything is written.
 */
export async function restoreBookStructure(
  deps: Deps,
  { book, memberRole, access, actorId }: GuardedBook,
  version: BookVersion,
  storedBook: Record<string, unknown>,
  expectedVersion: number,
): Promise<StructureRestore> {
  if (book.version !== expectedVersion) throw await staleVersionError(deps, book.id, { memberRole, access });
  const current = await listChapters(deps, book.id, { consistent: true });
  const byId = new Map(current.map((chapter) => [chapter.id, chapter]));
  const wanted = [...version.chapters].sort((a, b) => a.order - b.order);
  const inVersion = new Set(wanted.map((chapter) => chapter.id));
  const kept = current.filter((chapter) => !inVersion.has(chapter.id));
  if (wanted.length + kept.length > MAX_CHAPTERS_PER_BOOK) {
    throw new ConflictError(
      `The version's ${wanted.length} chapters and the ${kept.length} added since would make more than ${MAX_CHAPTERS_PER_BOOK}; delete some of the new ones first.`,
      ErrorCode.chapterLimitReached,
      { keptChapters: kept.map((chapter) => chapter.id) },
    );
  }
  const at = new Date(deps.now()).toISOString();
  const chapterItems = [
    ...wanted.map((chapter, index) => versionChapterItem(deps, book.id, chapter, index + 1, byId, at)),
    ...kept.map((chapter, index) => orderItem(deps, chapter, wanted.length + index + 1, at)),
  ].filter((item): item is TransactItem => item !== null);
  const meta = metaRestoreItem(deps, book.id, storedBook, expectedVersion, at);
  const result = await transact(deps, [
    meta.item,
    ...chapterItems,
    outboxItem(deps, {
      type: 'book.updated',
      at,
      actorId,
      bookId: book.id,
      subject: { versionId: version.id },
      data: {
        fields: meta.fields,
        version: expectedVersion + 1,
        restoredFrom: version.id,
        ...(typeof storedBook.title === 'string' ? { title: storedBook.title } : {}),
      },
    }),
  ]);
  if (!result.ok) throw await staleVersionError(deps, book.id, { memberRole, access });
  return {
    recreated: wanted.filter((chapter) => !byId.has(chapter.id)).map((chapter) => chapter.id),
    kept: kept.map((chapter) => chapter.id),
  };
}

/** SET what the version had, REMOVE the metadata fields it did not have (they were unset then). */
function metaRestoreItem(
  deps: Pick<AppDeps, 'table'>,
  bookId: string,
  storedBook: Record<string, unknown>,
  expectedVersion: number,
  at: string,
): { item: TransactItem; fields: string[] } {
  const fields: Record<string, unknown> = {
    subtitle: null,
    ...writableFields(storedBook),
  };
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':one': 1, ':at': at };
  const sets = ['#version = #version + :one', '#updatedAt = :at'];
  Object.entries(fields).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    sets.push(`#f${index} = :f${index}`);
  });
  const absent = METADATA_KEYS.filter((key) => !(key in fields));
  absent.forEach((field, index) => {
    names[`#r${index}`] = field;
  });
  const remove = absent.length > 0 ? ` REMOVE ${absent.map((_, index) => `#r${index}`).join(', ')}` : '';
  return {
    fields: [...Object.keys(fields), ...absent],
    item: {
      Update: {
        TableName: deps.table,
        Key: keys.book(bookId),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(deletedAt) AND #version = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  };
}

/** The version's chapter at `order`: updated where it differs, or created again if it was deleted. */
function versionChapterItem(
  deps: Pick<AppDeps, 'table'>,
  bookId: string,
  chapter: VersionChapter,
  order: number,
  current: Map<string, ChapterRecord>,
  at: string,
): TransactItem | null {
  const now = current.get(chapter.id);
  if (!now) {
    const record: ChapterRecord = {
      id: chapter.id,
      bookId,
      title: chapter.title,
      kind: chapter.kind,
      order,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    return {
      Put: {
        TableName: deps.table,
        Item: chapterItem(record),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  }
  if (now.title === chapter.title && (now.kind ?? 'chapter') === chapter.kind && now.order === order) {
    return null;
  }
  return {
    Update: {
      TableName: deps.table,
      Key: keys.chapter(bookId, chapter.id),
      UpdateExpression:
        'SET title = :title, kind = :kind, #order = :order, updatedAt = :at, #version = #version + :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#order': 'order', '#version': 'version' },
      ExpressionAttributeValues: {
        ':title': chapter.title,
        ':kind': chapter.kind,
        ':order': order,
        ':at': at,
        ':one': 1,
      },
    },
  };
}

/** A chapter added since the version, moved behind the version's chapters (if it is not there yet). */
function orderItem(
  deps: Pick<AppDeps, 'table'>,
  chapter: ChapterRecord,
  order: number,
  at: string,
): TransactItem | null {
  if (chapter.order === order) return null;
  return {
    Update: {
      TableName: deps.table,
      Key: keys.chapter(chapter.bookId, chapter.id),
      UpdateExpression: 'SET #order = :order, updatedAt = :at, #version = #version + :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#order': 'order', '#version': 'version' },
      ExpressionAttributeValues: { ':order': order, ':at': at, ':one': 1 },
    },
  };
}
