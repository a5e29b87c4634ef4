import type { SearchHit } from '@galley/shared/api/search';
import type { Role } from '@galley/shared/roles';
import type { BookSearchDocument } from './bookSearchDocument.ts';

/** Who is searching: results are limited to the books this person may read (shared/permissions.ts). */
export interface SearchViewer {
  userId: string;
  roles: readonly Role[];
}

export interface SearchFilters {
  status?: string | undefined;
  language?: string | undefined;
  subject?: string | undefined;
  contributor?: string | undefined;
}

export interface SearchRequest {
  q: string;
  filters: SearchFilters;
  viewer: SearchViewer;
  limit: number;
  /** From a previous page's `nextCursor` for the same q and filters. */
  cursor?: string | undefined;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

/**
 * The search index behind one interface, so the one-node in-process index (miniSearchIndex.ts) can be
 * replaced by OpenSearch when the catalogue outgrows one process's memory. An OpenSearch implementation
 * would keep the same contract: one document per book with the member ids as a keyword field, the
 * access rule applied as a filter clause inside the query (never after it, so pages stay exact), and
 * `search_after` on (score, bookId) as the cursor. It is not written yet.
 */
export interface SearchIndex {
  /** Adds or replaces the book's document. */
  upsert(document: BookSearchDocument): void;
  remove(bookId: string): void;
  get(bookId: string): BookSearchDocument | undefined;
  has(bookId: string): boolean;
  bookIds(): string[];
  size(): number;
  /** Only books the viewer may read; a cursor from another query is a 400 naming `cursor`. */
  search(request: SearchRequest): SearchPage;
  /** A self-contained snapshot (format-versioned) that `load` accepts back. */
  serialize(): string;
  load(serialized: string): void;
}
