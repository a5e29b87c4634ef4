import type { SearchSnippet } from '@galley/shared/api/search';
import { findPatterns, findTerms, type TermPattern, type WordAt } from './searchTerms.ts';

/** Characters of context a text snippet shows; about two lines of a result list. */
export const SNIPPET_LENGTH = 180;
/** Context kept before the first highlighted word, so the snippet does not start on it. */
const LEAD = 50;

type Excerpt = Pick<SearchSnippet, 'text' | 'highlights'>;

/**
 * The part of `text` around its densest cluster of matched words, with the matched words as ranges
 * into the returned text. `folded` is foldKeepingOffsets(text). Each whitespace character becomes a
 * space (a line break between paragraphs would break a one-line snippet); an ellipsis marks a cut.
 * Returns null when no pattern occurs as a word.
 */
export function excerpt(
  text: string,
  folded: string,
  patterns: readonly TermPattern[],
  length = SNIPPET_LENGTH,
): Excerpt | null {
  const words = findPatterns(folded, patterns);
  if (words.length === 0) return null;
  if (text.length <= length) {
    return { text: text.replace(/\s/g, ' '), highlights: words.map((w) => [w.start, w.end]) };
  }
  const anchor = densestStart(words, length - LEAD);
  let start = wordBoundaryBefore(text, Math.max(0, anchor - LEAD));
  const end = wordBoundaryAfter(text, Math.min(text.length, start + length));
  if (end - start < length) start = wordBoundaryBefore(text, Math.max(0, end - length));
  const slice = text.slice(start, end).replace(/\s/g, ' ');
  const body = slice.trim();
  const from = start + (slice.length - slice.trimStart().length);
  const prefix = from > 0 ? '…' : '';
  const suffix = from + body.length < text.length ? '…' : '';
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

/** The nearest whitespace at or before `index` (within 20 characters), so a cut falls between words. */
function wordBoundaryBefore(text: string, index: number): number {
  for (let i = index; i > 0 && index - i <= 20; i--) if (/\s/.test(text[i]!)) return i;
  return index;
}

function wordBoundaryAfter(text: string, index: number): number {
  for (let i = index; i < text.length && i - index <= 20; i++) if (/\s/.test(text[i]!)) return i;
  return Math.min(index, text.length);
}
