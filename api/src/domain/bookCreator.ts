import { type BookCreateRequest, BookCreateRequestSchema, type BookDetail } from '@galley/shared/api/books';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import { outboxItem } from '../events/outbox.ts';
import { parseOrThrow } from '../http/validation.ts';
import { presentBookDetail } from '../presenters/presentBook.ts';
import {
  type BookRecord,
  bookItem,
  type ChapterRecord,
  chapterItem,
  memberItem,
} from '../store/booksRepo.ts';
import { transact } from '../store/bookWrites.ts';
import { writableFields } from './bookMetadataFields.ts';

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
  const parsed = parseOrThrow(BookCreateRequestSchema, request);
  const at = new Date(deps.now()).toISOString();
  const { chapters, ...fields } = parsed;
  const book: BookRecord = {
    ...writableFields(fields),
    id: ulid(),
    title: parsed.title,
    subtitle: parsed.subtitle ? parsed.subtitle : null,
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
    kind: chapter.kind ?? 'chapter',
    createdAt: at,
    updatedAt: at,
    version: 1,
  }));
  const result = await transact(deps, [
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
    outboxItem(deps, {
      type: 'book.created',
      at,
      actorId: ownerId,
      bookId: book.id,
      data: { title: book.title, chapters: chapterRecords.length },
    }),
  ]);
  // Fresh ULIDs cannot collide; a failed condition here means the table is not what we think it is.
  if (!result.ok) throw new Error('A new book collided with an existing item.');
  return presentBookDetail(book, { memberRole: 'owner', access: 'edit' }, chapterRecords);
}
