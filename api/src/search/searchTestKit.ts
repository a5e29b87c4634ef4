import type { BookSearchDocument, ChapterSearchText } from './bookSearchDocument.ts';

let counter = 0;

/** A book document for index tests and the bench; every field overridable. */
export function buildSearchDocument(overrides: Partial<BookSearchDocument> = {}): BookSearchDocument {
  counter += 1;
  return {
    bookId: `book${String(counter).padStart(6, '0')}`,
    title: `Untitled ${counter}`,
    subtitle: null,
    status: 'draft',
    language: 'en',
    contributors: [{ name: 'Ada Author', role: 'aut' }],
    subjects: [],
    metadata: '',
    chapters: [],
    members: {},
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function buildChapter(title: string, text: string, chapterId = `ch-${title}`): ChapterSearchText {
  return { chapterId, title, text, seq: 1 };
}
