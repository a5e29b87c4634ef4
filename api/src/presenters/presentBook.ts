import { displayIsbn } from '@galley/shared/api/bookMetadata';
import type { BookDetail, BookMemberRole, BookSummary, ChapterSummary } from '@galley/shared/api/books';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import type { BookRecord, ChapterRecord } from '../store/booksRepo.ts';

/**
 * Who is looking at the book: their membership role (null for a non-member publisher/admin) and their
 * access to its chapters, from `chapterAccessFor` (loadBookFor works it out).
 */
export interface BookViewer {
  memberRole: BookMemberRole | null;
  access: SyncAccess | null;
}

/** A book as the caller sees it, with their role and chapter access so the client shows only what they may do. */
export function presentBookSummary(book: BookRecord, { memberRole, access }: BookViewer): BookSummary {
  return {
    id: book.id,
    title: book.title,
    subtitle: book.subtitle ?? null,
    status: book.status,
    ownerId: book.ownerId,
    role: memberRole,
    access,
    updatedAt: book.updatedAt,
    version: book.version,
  };
}

export function presentChapter(chapter: ChapterRecord): ChapterSummary {
  return {
    id: chapter.id,
    title: chapter.title,
    order: chapter.order,
    kind: chapter.kind ?? 'chapter',
    version: chapter.version,
  };
}

/** The full book; metadata fields missing on books stored before they existed come out as empty. */
export function presentBookDetail(
  book: BookRecord,
  viewer: BookViewer,
  chapters: ChapterRecord[],
): BookDetail {
  return {
    ...presentBookSummary(book, viewer),
    chapters: chapters.map(presentChapter),
    createdAt: book.createdAt,
    deletedAt: book.deletedAt ?? null,
    contributors: (book.contributors ?? []).map(({ name, role: relator, sortName }) => ({
      name,
      role: relator,
      sortName: sortName ?? null,
    })),
    language: book.language ?? null,
    description: book.description ?? null,
    keywords: book.keywords ?? [],
    subjects: { bisac: book.subjects?.bisac ?? [], thema: book.subjects?.thema ?? [] },
    isbn: book.isbn ?? null,
    isbnDisplay: displayIsbn(book.isbn ?? null),
    publisher: book.publisher ?? null,
    imprint: book.imprint ?? null,
    publicationDate: book.publicationDate ?? null,
    edition: book.edition ?? null,
    rights: book.rights ?? null,
    licence: book.licence ?? null,
    series: book.series ? { name: book.series.name, number: book.series.number ?? null } : null,
  };
}
