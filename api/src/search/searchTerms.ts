/**
 * How text becomes terms, shared by the index and the snippet finder so a highlighted word is exactly a
 * word the index matched. Words are runs of letters, marks and digits; terms drop accents and case
 * ("Café" and "cafe" are one term).
 */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Longer "words" are data (hashes, URLs without separators), not something a person searches for. */
export const MAX_TERM_LENGTH = 40;

/**
 * Whether the query's word at `index` matches as a prefix: only the last one (the word being typed),
 * once it has three letters. The index and the snippet highlighter both follow this.
 */
export function isPrefixTerm(term: string, index: number, terms: readonly string[]): boolean {
  return index === terms.length - 1 && term.length >= 3;
}

export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

const ASCII = /^[ -~]*$/;

export function normaliseTerm(word: string): string | null {
  if (word.length > MAX_TERM_LENGTH) return null;
  // Most words are ASCII: skip the (much slower) decomposition for them; snippets scan whole chapters.
  const term = ASCII.test(word) ? word.toLowerCase() : foldText(word);
  return term === '' ? null : term;
}

/** Case- and accent-insensitive form of a whole string, for contains-filters (contributor names). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export interface WordAt {
  term: string;
  start: number;
  end: number;
}

/** The words of `text` with their offsets, for the words whose term is in `terms`. */
export function findTerms(text: string, terms: ReadonlySet<string>): WordAt[] {
  const found: WordAt[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = normaliseTerm(match[0]);
    if (term !== null && terms.has(term)) {
      found.push({ term, start: match.index, end: match.index + match[0].length });
    }
  }
  return found;
}

/**
 * Lower-cases and strips accents one UTF-16 unit at a time, so every offset in the result is the
 * same offset in `text`: snippets find words in the folded text with native substring search and
 * highlight them in the original. (A character whose folded form is longer than one unit is kept.)
 */
export function foldKeepingOffsets(text: string): string {
  return text.replace(/[^ -~]|[A-Z]/g, (ch) => {
    const base = ch.normalize('NFD').charAt(0).toLowerCase();
    return base.length === 1 ? base : ch;
  });
}

/** A term to find in text: as a whole word, or (`prefix`) as the start of one. */
export interface TermPattern {
  term: string;
  prefix: boolean;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const isWordChar = (ch: string | undefined): boolean => ch !== undefined && WORD_CHAR.test(ch);

/**
 * Where the patterns occur as words in `folded` (from foldKeepingOffsets), in text order, without
 * overlaps. Substring search plus a boundary check at each hit: much cheaper than tokenizing a whole
 * chapter for every result, which was most of a query's time.
 */
export function findPatterns(folded: string, patterns: readonly TermPattern[]): WordAt[] {
  const found: WordAt[] = [];
  for (const { term, prefix } of patterns) {
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + 1)) {
      if (isWordChar(folded[at - 1])) continue;
      let end = at + term.length;
      if (prefix) {
        while (end - at < MAX_TERM_LENGTH && isWordChar(folded[end])) end++;
      } else if (isWordChar(folded[end])) continue;
      found.push({ term, start: at, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const words: WordAt[] = [];
  for (const word of found) if (word.start >= (words.at(-1)?.end ?? 0)) words.push(word);
  return words;
}
