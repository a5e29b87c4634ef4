import type { SearchHit, SearchSnippet } from '@galley/shared/api/search';
import type { BookSearchDocument, ChapterSearchText } from './bookSearchDocument.ts';
import { excerpt, highlightAll } from './searchSnippets.ts';
import {
  foldKeepingOffsets,
  isPrefixTerm,
  normaliseTerm,
  type TermPattern,
  tokenize,
} from './searchTerms.ts';

/** Chapters quoted per result: enough to show where the words are, few enough to scan a list. */
const MAX_CHAPTER_SNIPPETS = 2;
const MAX_SNIPPETS = 5;
/** Chapters tried for quotes, at most: bounds the work one result may cost. */
const MAX_CHAPTERS_TRIED = 6;
/** Patterns looked for in long text: the query's words plus a few typo corrections. */
const MAX_PATTERNS = 12;

/** A chapter with its text folded once at indexing time (offsets kept), for substring search. */
export interface PreparedChapter {
  chapter: ChapterSearchText;
  folded: string;
}

export function prepareChapters(document: BookSearchDocument): PreparedChapter[] {
  return document.chapters.map((chapter) => ({ chapter, folded: foldKeepingOffsets(chapter.text) }));
}

/**
 * What to look for in a result's long text: each word of the query, as a prefix when the index
 * matched it as one (isPrefixTerm), and the indexed terms it matched that are none of
 * those (fuzzy matches of a typo). The index may have expanded a prefix to hundreds of terms; the
 * prefix itself finds all of them in one substring search.
 */
export function patternsFor(q: string, matched: Iterable<string>): TermPattern[] {
  const patterns: TermPattern[] = [];
  const queryTerms = tokenize(q)
    .map(normaliseTerm)
    .filter((term): term is string => term !== null);
  queryTerms.forEach((term, index) => {
    const prefix = isPrefixTerm(term, index, queryTerms);
    const same = patterns.find((p) => p.term === term);
    if (!same) patterns.push({ term, prefix });
    else same.prefix ||= prefix;
  });
  for (const term of matched) {
    if (patterns.length >= MAX_PATTERNS) break;
    const covered = patterns.some((p) => (p.prefix ? term.startsWith(p.term) : term === p.term));
    if (!covered) patterns.push({ term, prefix: false });
  }
  return patterns;
}

/**
 * A result as the api returns it: the book's identity and the places the query's words occur, each a
 * piece of the book's own text with ranges to highlight. `terms` are the indexed terms the query
 * matched in this book (after prefix and fuzzy expansion), so "whal" highlights "whales".
 */
export function presentHit(
  document: BookSearchDocument,
  chapters: PreparedChapter[],
  terms: ReadonlySet<string>,
  patterns: readonly TermPattern[],
  score: number,
): SearchHit {
  const snippets: SearchSnippet[] = [];
  const whole = (field: SearchSnippet['field'], text: string | null) => {
    const found = text ? highlightAll(text, terms) : null;
    if (found) snippets.push({ field, ...found });
  };
  whole('title', document.title);
  whole('subtitle', document.subtitle);
  whole('contributors', document.contributors.map((c) => c.name).join(', '));
  const metadata = excerpt(document.metadata, foldKeepingOffsets(document.metadata), patterns);
  if (metadata) snippets.push({ field: 'metadata', ...metadata });
  let quoted = 0;
  for (const { chapter, folded } of likelyChapters(chapters, patterns)) {
    if (quoted === MAX_CHAPTER_SNIPPETS) break;
    const named = { chapterId: chapter.chapterId, chapterTitle: chapter.title };
    const title = highlightAll(chapter.title, terms);
    const text = excerpt(chapter.text, folded, patterns);
    if (!title && !text) continue;
    if (title) snippets.push({ field: 'chapterTitle', ...named, ...title });
    if (text) snippets.push({ field: 'text', ...named, ...text });
    quoted++;
  }
  return {
    bookId: document.bookId,
    title: document.title,
    subtitle: document.subtitle,
    status: document.status,
    language: document.language,
    contributors: document.contributors.map(({ name, role }) => ({ name, role })),
    score,
    snippets: snippets.slice(0, MAX_SNIPPETS),
  };
}

/**
 * Chapters most likely to hold the words, best first (distinct patterns found, then occurrences),
 * estimated with native substring search on the folded text; only these few are then searched word
 * by word for a quote. Chapter titles count too, so a chapter named after the word is quoted.
 */
function likelyChapters(chapters: PreparedChapter[], patterns: readonly TermPattern[]): PreparedChapter[] {
  const scored: { prepared: PreparedChapter; score: number }[] = [];
  for (const prepared of chapters) {
    const title = foldKeepingOffsets(prepared.chapter.title);
    let distinct = 0;
    let occurrences = 0;
    for (const { term } of patterns) {
      let at = prepared.folded.indexOf(term);
      if (at !== -1 || title.includes(term)) distinct++;
      while (at !== -1 && occurrences < 999) {
        occurrences++;
        at = prepared.folded.indexOf(term, at + term.length);
      }
    }
    if (distinct > 0) scored.push({ prepared, score: distinct * 1000 + occurrences });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CHAPTERS_TRIED)
    .map((entry) => entry.prepared);
}
