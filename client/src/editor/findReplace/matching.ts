import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

export interface FindOptions {
  caseSensitive: boolean;
  wholeWord: boolean;
}

export interface FindQuery extends FindOptions {
  text: string;
}

/** A match as document positions: the text between `from` and `to`, always inside one textblock. */
export interface TextMatch {
  from: number;
  to: number;
}

export interface FindResult {
  matches: TextMatch[];
  /** More matches exist than the limit (MAX_MATCHES unless asked otherwise); the count shows as "N+". */
  truncated: boolean;
}

/** Enough for any chapter; bounds the decorations a pathological query (one letter) can create. */
export const MAX_MATCHES = 5000;
/** The find field's limit: a search text longer than a paragraph is a paste by mistake. */
export const MAX_QUERY_LENGTH = 1000;

/**
 * Stands for an inline node that is not text (footnote marker, hard break, image) in a block's text,
 * so a match never runs across one. A query containing it matches nothing.
 */
const OBJECT = '\uFFFC';
const WORD_CHARACTER = '[\\p{L}\\p{N}\\p{M}_]';

export const emptyResult: FindResult = { matches: [], truncated: false };

/**
 * Every occurrence of the query, in document order, not overlapping. Each textblock is searched as
 * one string, so a match may span text nodes with different marks ("hel**lo**"), but never two
 * blocks. Case-insensitive matching uses the regex engine's case folding, which keeps indices in the
 * original text (lower-casing the text would not: "İ" becomes two characters).
 */
export function findMatches(doc: ProseMirrorNode, query: FindQuery, limit = MAX_MATCHES): FindResult {
  const pattern = patternFor(query);
  if (!pattern) return emptyResult;
  const matches: TextMatch[] = [];
  let truncated = false;
  doc.descendants((node, position) => {
    if (truncated) return false;
    if (!node.isTextblock) return true;
    const start = position + 1;
    const text = blockText(node);
    pattern.lastIndex = 0;
    for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
      if (matches.length >= limit) {
        truncated = true;
        break;
      }
      matches.push({ from: start + found.index, to: start + found.index + found[0].length });
    }
    return false;
  });
  return { matches, truncated };
}

/** The regex for a query, or null when it can match nothing (empty, too long, an object marker). */
export function patternFor(query: FindQuery): RegExp | null {
  if (query.text === '' || query.text.length > MAX_QUERY_LENGTH || query.text.includes(OBJECT)) return null;
  const escaped = query.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const source = query.wholeWord ? `(?<!${WORD_CHARACTER})${escaped}(?!${WORD_CHARACTER})` : escaped;
  return new RegExp(source, query.caseSensitive ? 'gu' : 'giu');
}

/**
 * A textblock's inline content as a string in which character i sits at position `start + i`: text
 * is itself, and any other inline node is as many OBJECT characters as the positions it takes.
 */
function blockText(block: ProseMirrorNode): string {
  let text = '';
  block.forEach((child) => {
    text += child.isText ? (child.text ?? '') : OBJECT.repeat(child.nodeSize);
  });
  return text;
}

/** The match to show first: the first one at or after `position`, wrapping round to the first. */
export function matchIndexFrom(matches: readonly TextMatch[], position: number): number {
  if (matches.length === 0) return -1;
  const index = matches.findIndex((match) => match.from >= position);
  return index === -1 ? 0 : index;
}

/** "3 of 12", "No results", "1 of 5000+": what the find bar shows and announces. */
export function describeMatches(result: FindResult, current: number): string {
  if (result.matches.length === 0) return 'No results';
  const total = `${result.matches.length}${result.truncated ? '+' : ''}`;
  return `${current + 1} of ${total}`;
}
