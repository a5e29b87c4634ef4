import { chapterDocName } from '@galley/shared/sync/protocol';
import type { DocStorage } from '@galley/sync-server/storage/docStorage';
import * as Y from 'yjs';
import type { AppDeps } from '../deps.ts';
import { mapBounded } from '../manuscripts/chapterDocs.ts';
import {
  type BookRecord,
  type ChapterRecord,
  getBook,
  isDeleted,
  listChapters,
  listMembers,
} from '../store/booksRepo.ts';
import type { BookSearchDocument, ChapterSearchText } from './bookSearchDocument.ts';
import { chapterPlainText } from './chapterText.ts';

/** Chapter documents read at once per book: a book has up to 98 chapters, S3 and DynamoDB many nodes. */
const CHAPTER_READS_IN_FLIGHT = 4;

export interface LoadOptions {
  /** The book's document as indexed now: texts of chapters not in `reloadText` are taken from it. */
  previous?: BookSearchDocument | undefined;
  /** Chapters whose text must be read again ('all' on a rebuild or a restored version). */
  reloadText: ReadonlySet<string> | 'all';
}

/**
 * The book as the index should hold it, read from the table (metadata, chapters, members) and the
 * sync server's storage (chapter text), or null when the book is gone or in the bin (it then leaves
 * the index). Reads are consistent, since the event that triggered this may have just committed.
 */
export async function loadBookDocument(
  deps: Pick<AppDeps, 'ddb' | 'table'>,
  storage: DocStorage,
  bookId: string,
  options: LoadOptions,
): Promise<BookSearchDocument | null> {
  const book = await getBook(deps, bookId, { consistent: true });
  if (!book || isDeleted(book)) return null;
  const [chapters, members] = await Promise.all([
    listChapters(deps, bookId, { consistent: true }),
    listMembers(deps, bookId, { consistent: true }),
  ]);
  const kept = new Map((options.previous?.chapters ?? []).map((c) => [c.chapterId, c]));
  const texts = await mapBounded(chapters, CHAPTER_READS_IN_FLIGHT, async (chapter) => {
    const known = kept.get(chapter.id);
    const reload = options.reloadText === 'all' || options.reloadText.has(chapter.id) || !known;
    return reload ? readChapterText(storage, chapter) : { ...known, title: chapter.title };
  });
  return presentSearchDocument(book, texts, members);
}

/** A chapter's text and the log position it covers. */
export async function readChapterText(
  storage: DocStorage,
  chapter: ChapterRecord,
): Promise<ChapterSearchText> {
  const loaded = await storage.load(chapterDocName(chapter.bookId, chapter.id));
  const doc = new Y.Doc();
  try {
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    return { chapterId: chapter.id, title: chapter.title, text: chapterPlainText(doc), seq: loaded.lastSeq };
  } finally {
    doc.destroy();
  }
}

export function presentSearchDocument(
  book: BookRecord,
  chapters: ChapterSearchText[],
  members: { userId: string; role: BookSearchDocument['members'][string] }[],
): BookSearchDocument {
  const metadata = [
    book.description,
    ...(book.keywords ?? []),
    book.publisher,
    book.imprint,
    book.series?.name,
    book.edition,
    book.isbn,
  ].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return {
    bookId: book.id,
    title: book.title,
    subtitle: book.subtitle ?? null,
    status: book.status,
    language: book.language ?? null,
    contributors: (book.contributors ?? []).map(({ name, role }) => ({ name, role })),
    subjects: [...(book.subjects?.bisac ?? []), ...(book.subjects?.thema ?? [])],
    metadata: metadata.join('\n'),
    chapters,
    members: Object.fromEntries(members.map((m) => [m.userId, m.role])),
    updatedAt: book.updatedAt,
  };
}
