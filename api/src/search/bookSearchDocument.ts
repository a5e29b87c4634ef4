import type { BookMemberRole } from '@galley/shared/api/books';

/** One chapter's searchable part: its title and plain text, and the log position the text was read at. */
export interface ChapterSearchText {
  chapterId: string;
  title: string;
  text: string;
  /**
   * The sync server's last update-log sequence covered by `text` (0 when the chapter has never been
   * written). The text watcher compares it with the log's head to find chapters edited since.
   */
  seq: number;
}

/**
 * Everything the index knows about one book: what is searched, what filters look at, and who may see
 * it. Built from the table and the chapter documents by bookDocumentLoader.ts; the index never reads
 * storage itself, so it stays a pure in-memory structure that tests and the bench can fill directly.
 */
export interface BookSearchDocument {
  bookId: string;
  title: string;
  subtitle: string | null;
  status: string;
  /** BCP 47 tag as stored (canonical form), or null. */
  language: string | null;
  contributors: { name: string; role: string }[];
  /** BISAC and Thema codes together (their alphabets do not overlap in a way that matters here). */
  subjects: string[];
  /** Description, keywords, publisher, imprint, series, ISBN: searched together with one weight. */
  metadata: string;
  chapters: ChapterSearchText[];
  /** userId → membership role; who may see the book besides publishers and admins (bookAccess rules). */
  members: Record<string, BookMemberRole>;
  updatedAt: string;
}
