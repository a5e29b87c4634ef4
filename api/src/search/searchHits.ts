import type { SearchHit, SearchSnippet } from '@galley/shared/api/search';
import type { BookSearchDocument, ChapterSearchText } from './bookSearchDocument.ts';
import { excerpt, highlightAll, matchStrength } from './searchSnippets.ts';
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
  for (const chapter of bestChapters(chapters, terms)) {
    const named = { chapterId: chapter.chapterId, chapterTitle: chapter.title };
    const title = highlightAll(chapter.title, terms);
    if (title) snippets.push({ field: 'chapterTitle', ...named, ...title });
    const text = excerpt(chapter.text, terms);
    if (text) snippets.push({ field: 'text', ...named, ...text });
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

function bestChapters(chapters: PreparedChapter[], terms: ReadonlySet<string>): ChapterSearchText[] {
  const termList = [...terms];
  return chapters
    .filter((prepared) => termList.some((term) => prepared.folded.includes(term)))
    .map((prepared) => ({
      chapter: prepared.chapter,
      strength: matchStrength(`${prepared.chapter.title}\n${prepared.chapter.text}`, terms),
    }))
    .filter((scored) => scored.strength > 0)
    .sort((a, b) => b.strength - a.strength || a.chapter.chapterId.localeCompare(b.chapter.chapterId))
    .slice(0, MAX_CHAPTER_SNIPPETS)
    .map((scored) => scored.chapter);
}
