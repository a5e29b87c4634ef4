import type { SearchSnippet } from '@galley/shared/api/search';
import { findTerms, type WordAt } from './searchTerms.ts';

/** Characters of context a text snippet shows; about two lines of a result list. */
export const SNIPPET_LENGTH = 180;
/** Context kept before the first highlighted word, so the snippet does not start on it. */
const LEAD = 50;

type Excerpt = Pick<SearchSnippet, 'text' | 'highlights'>;

/**
 * The part of `text` around its densest cluster of matched terms, with the matched words as ranges
 * into the returned text. Whitespace runs become one space (line breaks between paragraphs would
 * break a one-line snippet); an ellipsis marks a cut. Returns null when no term occurs.
 */
export function excerpt(text: string, terms: ReadonlySet<string>, length = SNIPPET_LENGTH): Excerpt | null {
  const flat = text.replace(/\s+/g, ' ');
  const words = findTerms(flat, terms);
  if (words.length === 0) return null;
  if (flat.length <= length) return { text: flat, highlights: words.map((w) => [w.start, w.end]) };
  const anchor = densestStart(words, length - LEAD);
  let start = wordBoundaryBefore(flat, Math.max(0, anchor - LEAD));
  const end = wordBoundaryAfter(flat, Math.min(flat.length, start + length));
  if (end - start < length) start = wordBoundaryBefore(flat, Math.max(0, end - length));
  const slice = flat.slice(start, end);
  const body = slice.trim();
  const from = start + (slice.length - slice.trimStart().length);
  const prefix = from > 0 ? '…' : '';
  const suffix = from + body.length < flat.length ? '…' : '';
  return {
    text: `${prefix}${body}${suffix}`,
    highlights: words
      .filter((w) => w.start >= from && w.end <= from + body.length)
      .map((w) => [w.start - from + prefix.length, w.end - from + prefix.length]),
  };
}

/** The text's whole extent, each matched word a range (short fields: titles, names). */
export function highlightAll(text: string, terms: ReadonlySet<string>): Excerpt | null {
  const words = findTerms(text, terms);
  return words.length === 0 ? null : { text, highlights: words.map((w) => [w.start, w.end]) };
}

/** Start offset of the window of `width` characters holding the most distinct terms (then most words). */
function densestStart(words: WordAt[], width: number): number {
  let best = { start: words[0]!.start, distinct: 0, count: 0 };
  let tail = 0;
  for (let head = 0; head < words.length; head++) {
    while (words[head]!.end - words[tail]!.start > width) tail++;
    const window = words.slice(tail, head + 1);
    const distinct = new Set(window.map((w) => w.term)).size;
    if (distinct > best.distinct || (distinct === best.distinct && window.length > best.count)) {
      best = { start: words[tail]!.start, distinct, count: window.length };
    }
  }
  return best.start;
}

function wordBoundaryBefore(text: string, index: number): number {
  if (index === 0) return 0;
  const space = text.lastIndexOf(' ', index);
  return space === -1 ? index : space;
}

function wordBoundaryAfter(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const space = text.indexOf(' ', index);
  return space === -1 || space - index > 20 ? index : space;
}
