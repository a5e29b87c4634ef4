import type { BookDetail, BookMemberRole, BookSummary } from '@galley/shared/api/books';
import type { BookRecord, ChapterRecord } from '../store/booksRepo.ts';

/** A book as the caller sees it, with their membership role (null for a non-member publisher/admin). */
export function presentBookSummary(book: BookRecord, role: BookMemberRole | null): BookSummary {
  return {
    id: book.id,
    title: book.title,
    subtitle: book.subtitle ?? null,
    status: book.status,
    ownerId: book.ownerId,
    role,
    updatedAt: book.updatedAt,
  };
}

export function presentBookDetail(
  book: BookRecord,
  role: BookMemberRole | null,
  chapters: ChapterRecord[],
): BookDetail {
  return {
    ...presentBookSummary(book, role),
    chapters: chapters.map(({ id, title, order }) => ({ id, title, order })),
  };
}
