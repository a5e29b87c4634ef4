import type { SearchHit, SearchSnippet } from '@galley/shared/api/search';
import type { BookSearchDocument, ChapterSearchText } from './bookSearchDocument.ts';
import { excerpt, highlightAll } from './searchSnippets.ts';
import { foldText } from './searchTerms.ts';

/** Chapters quoted per result: enough to show where the words are, few enough to scan a list. */
const MAX_CHAPTER_SNIPPETS = 2;
const MAX_SNIPPETS = 5;

/** A chapter with its text folded once at indexing time, so a query can skip chapters cheaply. */
export interface PreparedChapter {
  chapter: ChapterSearchText;
  folded: string;
}

export function prepareChapters(document: BookSearchDocument): PreparedChapter[] {
  return document.chapters.map((chapter) => ({
    chapter,
    folded: foldText(`${chapter.title}\n${chapter.text}`),
  }));
}

/**
 * A result as the api returns it: the book's identity and the places the matched terms occur, each a
 * piece of the book's own text with ranges to highlight. `terms` are the indexed terms the query
 * matched (after prefix and fuzzy expansion), so "whal" highlights "whales".
 */
export function presentHit(
  document: BookSearchDocument,
  chapters: PreparedChapter[],
  terms: ReadonlySet<string>,
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
  const metadata = excerpt(document.metadata, terms);
  if (metadata) snippets.push({ field: 'metadata', ...metadata });
  let quoted = 0;
  for (const { chapter } of likelyChapters(chapters, terms)) {
    if (quoted === MAX_CHAPTER_SNIPPETS) break;
    const named = { chapterId: chapter.chapterId, chapterTitle: chapter.title };
    const title = highlightAll(chapter.title, terms);
    const text = excerpt(chapter.text, terms);
    // The estimate counts substrings; a chapter where no whole word matched is passed over.
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

/** Chapters tried for quotes, at most: bounds the word-by-word scans a result may cost. */
const MAX_CHAPTERS_SCANNED = 6;
/**
 * Terms the estimate looks for. A prefix can expand to hundreds of indexed terms ("sto" → stone,
 * stones, storm…); the shortest are the closest to what was typed and enough to find the chapters.
 */
const MAX_TERMS_PROBED = 8;

/**
 * Chapters most likely to hold the terms, best first, estimated on the folded text with native
 * substring search (distinct terms, then occurrences). Scanning every chapter word by word for every
 * result was most of a query's time in the bench; this leaves that scan to the few chapters quoted.
 */
function likelyChapters(chapters: PreparedChapter[], terms: ReadonlySet<string>): PreparedChapter[] {
  const probe = [...terms].sort((a, b) => a.length - b.length).slice(0, MAX_TERMS_PROBED);
  const scored: { prepared: PreparedChapter; score: number }[] = [];
  for (const prepared of chapters) {
    let distinct = 0;
    let occurrences = 0;
    for (const term of probe) {
      let at = prepared.folded.indexOf(term);
      if (at !== -1) distinct++;
      while (at !== -1 && occurrences < 999) {
        occurrences++;
        at = prepared.folded.indexOf(term, at + term.length);
      }
    }
    if (distinct > 0) scored.push({ prepared, score: distinct * 1000 + occurrences });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_CHAPTERS_SCANNED)
    .map((entry) => entry.prepared);
}
