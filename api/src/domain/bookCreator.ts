import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type BookCreateRequest, BookCreateRequestSchema, type BookDetail } from '@galley/shared/api/books';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import { parseOrThrow } from '../http/validation.ts';
import {
  type BookRecord,
  bookItem,
  type ChapterRecord,
  chapterItem,
  memberItem,
} from '../store/booksRepo.ts';

const ifNew = { ConditionExpression: 'attribute_not_exists(PK)' } as const;

/**
 * Creates a draft book with its chapters and the owner's membership in ONE transaction: a book never
 * exists without an owner who can see it, nor chapters without their book.
 */
export async function createBook(
  deps: Pick<AppDeps, 'ddb' | 'table' | 'now'>,
  input: BookCreateRequest & { ownerId: string },
): Promise<BookDetail> {
  const { ownerId, ...request } = input;
  const { title, subtitle, chapters } = parseOrThrow(BookCreateRequestSchema, request);
  const at = new Date(deps.now()).toISOString();
  const book: BookRecord = {
    id: ulid(),
    title,
    subtitle: subtitle ? subtitle : null,
    status: 'draft',
    ownerId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const chapterRecords: ChapterRecord[] = chapters.map((chapter, index) => ({
    id: ulid(),
    bookId: book.id,
    title: chapter.title,
    order: index + 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
  await deps.ddb.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: deps.table, Item: bookItem(book), ...ifNew } },
        ...chapterRecords.map((chapter) => ({
          Put: { TableName: deps.table, Item: chapterItem(chapter), ...ifNew },
        })),
        {
          Put: {
            TableName: deps.table,
            Item: memberItem({ bookId: book.id, userId: ownerId, role: 'owner', addedAt: at }, at),
            ...ifNew,
          },
        },
      ],
    }),
  );
  return {
    id: book.id,
    title: book.title,
    subtitle: book.subtitle,
    status: book.status,
    ownerId,
    role: 'owner',
    updatedAt: book.updatedAt,
    chapters: chapterRecords.map(({ id, title: chapterTitle, order }) => ({
      id,
      title: chapterTitle,
      order,
    })),
  };
}
