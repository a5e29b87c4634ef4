import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { BookSearchDocument } from './bookSearchDocument.ts';
import { mayRead } from './searchAccess.ts';
import { compareRank, decodeSearchCursor, encodeSearchCursor, queryFingerprint } from './searchCursor.ts';
import { compileFilters } from './searchFilters.ts';
import { type PreparedChapter, patternsFor, prepareChapters, presentHit } from './searchHits.ts';
import type { SearchIndex, SearchPage, SearchRequest } from './searchIndex.ts';
import { isPrefixTerm, normaliseTerm, tokenize } from './searchTerms.ts';

/** The flat record MiniSearch indexes; built from a BookSearchDocument, never stored. */
interface IndexedFields {
  id: string;
  title: string;
  subtitle: string;
  contributors: string;
  metadata: string;
  chapterTitles: string;
  text: string;
}

const FIELDS = ['title', 'subtitle', 'contributors', 'metadata', 'chapterTitles', 'text'] as const;

/** Title first, then who wrote it, then what the publisher says about it, then the words inside. */
export const FIELD_BOOSTS: Record<(typeof FIELDS)[number], number> = {
  title: 6,
  subtitle: 3,
  contributors: 4,
  metadata: 2,
  chapterTitles: 1.5,
  text: 1,
};

/** Fewer exact results than this and the query runs again with typos allowed. */
export const FUZZY_BELOW = 10;

const SEARCH_OPTIONS: SearchOptions = {
  boost: FIELD_BOOSTS,
  // Every word must match (a search box narrows as one types). The last word matches as a prefix
  // once it has three letters (the word being typed; shorter prefixes expand to half the vocabulary).
  combineWith: 'AND',
  prefix: isPrefixTerm,
  fuzzy: false,
  tokenize,
  processTerm: (term) => normaliseTerm(term) ?? false,
};

/**
 * One typo allowed in words of five letters or more, and only when the exact search finds little:
 * fuzzy matching walks the whole vocabulary for every word, the most expensive part of a query, and
 * a query that already finds plenty is not a typo worth correcting.
 */
const FUZZY_OPTIONS: SearchOptions = {
  ...SEARCH_OPTIONS,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  maxFuzzy: 2,
};

const MINI_OPTIONS: Options<IndexedFields> = {
  fields: [...FIELDS],
  storeFields: [],
  tokenize,
  processTerm: (term) => normaliseTerm(term) ?? false,
  searchOptions: SEARCH_OPTIONS,
};

const SNAPSHOT_FORMAT = 'galley-search-minisearch/1';

interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  documents: BookSearchDocument[];
  miniSearch: ReturnType<MiniSearch['toJSON']>;
}

function indexedFields(document: BookSearchDocument): IndexedFields {
  return {
    id: document.bookId,
    title: document.title,
    subtitle: document.subtitle ?? '',
    contributors: document.contributors.map((c) => c.name).join('\n'),
    metadata: document.metadata,
    chapterTitles: document.chapters.map((c) => c.title).join('\n'),
    text: document.chapters.map((c) => c.text).join('\n'),
  };
}

/**
 * The one-node search index: MiniSearch (BM25, prefix and fuzzy matching) over one record per book,
 * with the documents kept beside it for filters, access checks and snippets. Everything lives in this
 * process's memory; searchPersistence.ts snapshots it to S3 so a restart does not re-read every book.
 */
export class MiniSearchIndex implements SearchIndex {
  private mini = new MiniSearch<IndexedFields>(MINI_OPTIONS);
  private readonly documents = new Map<string, BookSearchDocument>();
  private readonly chapters = new Map<string, PreparedChapter[]>();

  upsert(document: BookSearchDocument): void {
    const fields = indexedFields(document);
    if (this.documents.has(document.bookId)) this.mini.replace(fields);
    else this.mini.add(fields);
    this.documents.set(document.bookId, document);
    this.chapters.set(document.bookId, prepareChapters(document));
  }

  remove(bookId: string): void {
    if (!this.documents.has(bookId)) return;
    this.mini.discard(bookId);
    this.documents.delete(bookId);
    this.chapters.delete(bookId);
  }

  get(bookId: string): BookSearchDocument | undefined {
    return this.documents.get(bookId);
  }

  has(bookId: string): boolean {
    return this.documents.has(bookId);
  }

  bookIds(): string[] {
    return [...this.documents.keys()];
  }

  size(): number {
    return this.documents.size;
  }

  search(request: SearchRequest): SearchPage {
    const fingerprint = queryFingerprint(request.q, request.filters);
    const after = decodeSearchCursor(request.cursor, fingerprint);
    const wanted = compileFilters(request.filters);
    // Access and filters run inside the search, before ranking and paging: a page is exactly the
    // next `limit` books this viewer may see, and a hidden book never reaches the presenter.
    const filter = (result: { id: unknown }) => {
      const document = this.documents.get(result.id as string);
      return document !== undefined && mayRead(request.viewer, document) && wanted(document);
    };
    // Whether typos are allowed depends only on the query and the index, never on the page, so
    // every page of one search ranks the same result set.
    let results = this.mini.search(request.q, { ...SEARCH_OPTIONS, filter });
    if (results.length < FUZZY_BELOW) results = this.mini.search(request.q, { ...FUZZY_OPTIONS, filter });
    const ranked = results
      .map((result) => ({ result, score: result.score, bookId: result.id as string }))
      .sort(compareRank)
      .filter((position) => after === null || compareRank(position, after) > 0);
    const page = ranked.slice(0, request.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ result, bookId, score }) => {
        const matched = Object.keys(result.match);
        return presentHit(
          this.documents.get(bookId)!,
          this.chapters.get(bookId) ?? [],
          new Set(matched),
          patternsFor(request.q, matched),
          score,
        );
      }),
      nextCursor: ranked.length > request.limit && last ? encodeSearchCursor(fingerprint, last) : null,
    };
  }

  serialize(): string {
    const snapshot: Snapshot = {
      format: SNAPSHOT_FORMAT,
      documents: [...this.documents.values()],
      miniSearch: this.mini.toJSON(),
    };
    return JSON.stringify(snapshot);
  }

  load(serialized: string): void {
    const snapshot = JSON.parse(serialized) as Partial<Snapshot>;
    if (snapshot.format !== SNAPSHOT_FORMAT || !Array.isArray(snapshot.documents) || !snapshot.miniSearch) {
      throw new Error(`Unknown search snapshot format ${String(snapshot.format)}`);
    }
    const mini = MiniSearch.loadJS<IndexedFields>(snapshot.miniSearch, MINI_OPTIONS);
    this.mini = mini;
    this.documents.clear();
    this.chapters.clear();
    for (const document of snapshot.documents) {
      this.documents.set(document.bookId, document);
      this.chapters.set(document.bookId, prepareChapters(document));
    }
  }
}
