import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../deps.ts';
import type { BookRecord, ChapterRecord, MemberRecord } from '../store/booksRepo.ts';

export interface CatalogueBook {
  book: BookRecord;
  chapters: ChapterRecord[];
  members: MemberRecord[];
}

/**
 * Every book with its chapters and members, read with one Scan of the table. There is no "all books"
 * index on purpose (no request lists the whole catalogue); only the search rebuild and the indexer's
 * start-up reconciliation need it, off the request path, and a Scan pays for the whole table once
 * instead of adding a hot partition that every book write would touch. Books in the bin are left out.
 */
export async function scanCatalogue(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
): Promise<Map<string, CatalogueBook>> {
  const books = new Map<string, BookRecord>();
  const chapters = new Map<string, ChapterRecord[]>();
  const members = new Map<string, MemberRecord[]>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.ddb.send(
      new ScanCommand({
        TableName: deps.table,
        FilterExpression: '#entity IN (:book, :chapter, :member)',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':book': 'book', ':chapter': 'chapter', ':member': 'member' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const {
        PK: _pk,
        SK: _sk,
        GSI1PK: _g1,
        GSI1SK: _g1s,
        GSI2PK: _g2,
        GSI2SK: _g2s,
        entity,
        ...rest
      } = item;
      if (entity === 'book') books.set(String(rest.id), rest as BookRecord);
      else if (entity === 'chapter') push(chapters, String(rest.bookId), rest as ChapterRecord);
      else if (entity === 'member') push(members, String(rest.bookId), rest as MemberRecord);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const catalogue = new Map<string, CatalogueBook>();
  for (const [bookId, book] of books) {
    if (typeof book.deletedAt === 'string') continue;
    catalogue.set(bookId, {
      book,
      chapters: (chapters.get(bookId) ?? []).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)),
      members: members.get(bookId) ?? [],
    });
  }
  return catalogue;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
