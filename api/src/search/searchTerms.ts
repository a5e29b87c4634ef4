/**
 * How text becomes terms, shared by the index and the snippet finder so a highlighted word is exactly a
 * word the index matched. Words are runs of letters, marks and digits; terms drop accents and case
 * ("Café" and "cafe" are one term).
 */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Longer "words" are data (hashes, URLs without separators), not something a person searches for. */
export const MAX_TERM_LENGTH = 40;

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
