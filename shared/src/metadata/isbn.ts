/**
 * ISBN handling for book metadata: ISBN-13 check digits, ISBN-10 → ISBN-13 conversion and hyphenation
 * for display. Books are stored with the 13 bare digits; hyphens are only ever for people.
 */

export type IsbnParseResult =
  | { ok: true; isbn13: string; convertedFrom10: boolean }
  | { ok: false; reason: 'format' | 'check_digit' | 'prefix' };

/** Hyphens and spaces are how people (and printed copyright pages) write ISBNs; both are ignored. */
const separators = /[\s-]/g;

/** The ISBN-13 check digit of the first 12 digits (weights 1,3,1,3… modulo 10). */
export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** The ISBN-10 check character of the first 9 digits (weights 10…2 modulo 11; 10 is written X). */
export function isbn10CheckDigit(first9: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** An ISBN-10 in bare form (9 digits and a digit or X) → the ISBN-13 of the same book (prefix 978). */
export function isbn10To13(isbn10: string): string {
  const first12 = `978${isbn10.slice(0, 9)}`;
  return first12 + isbn13CheckDigit(first12);
}

/**
 * Accepts an ISBN-13 or ISBN-10, with or without hyphens/spaces, and returns the normalised ISBN-13.
 * ISBN-13s must start 978 or 979 (the only prefixes the ISBN agency uses).
 */
export function parseIsbn(input: string): IsbnParseResult {
  const bare = input.replace(separators, '').toUpperCase();
  if (/^\d{13}$/.test(bare)) {
    if (!bare.startsWith('978') && !bare.startsWith('979')) return { ok: false, reason: 'prefix' };
    if (isbn13CheckDigit(bare) !== bare[12]) return { ok: false, reason: 'check_digit' };
    return { ok: true, isbn13: bare, convertedFrom10: false };
  }
  if (/^\d{9}[\dX]$/.test(bare)) {
    if (isbn10CheckDigit(bare) !== bare[9]) return { ok: false, reason: 'check_digit' };
    return { ok: true, isbn13: isbn10To13(bare), convertedFrom10: true };
  }
  return { ok: false, reason: 'format' };
}

type RegistrantRule = readonly [from: number, to: number, registrantLength: number];

/**
 * Registrant ranges of the two English-language groups, 978-0 and 978-1, from the ISBN International
 * range message (https://www.isbn-international.org/range_file_generation). Each rule maps the 7 digits
 * after the group to the registrant's length. ONLY these two groups are covered; every other group
 * (978-2 French, 979-…, etc.) is shown unhyphenated rather than guessed. The agency adds carve-outs
 * over time, so a range published after this table was taken may hyphenate by the older rule.
 */
const ENGLISH_GROUPS: Record<'0' | '1', readonly RegistrantRule[]> = {
  '0': [
    [0, 1999999, 2],
    [2000000, 2279999, 3],
    [2280000, 2289999, 4],
    [2290000, 3689999, 3],
    [3690000, 3699999, 4],
    [3700000, 6389999, 3],
    [6390000, 6397999, 4],
    [6398000, 6399999, 7],
    [6400000, 6449999, 3],
    [6450000, 6459999, 7],
    [6460000, 6479999, 3],
    [6480000, 6489999, 7],
    [6490000, 6549999, 3],
    [6550000, 6559999, 4],
    [6560000, 6999999, 3],
    [7000000, 8499999, 4],
    [8500000, 8999999, 5],
    [9000000, 9499999, 6],
    [9500000, 9999999, 7],
  ],
  '1': [
    [0, 99999, 3],
    [100000, 299999, 2],
    [300000, 349999, 3],
    [350000, 399999, 4],
    [400000, 699999, 2],
    [700000, 999999, 4],
    [1000000, 3979999, 3],
    [3980000, 5499999, 4],
    [5500000, 6499999, 5],
    [6500000, 6799999, 4],
    [6800000, 6859999, 5],
    [6860000, 7139999, 4],
    [7140000, 7169999, 3],
    [7170000, 7319999, 4],
    [7320000, 7399999, 7],
    [7400000, 7749999, 5],
    [7750000, 7753999, 7],
    [7754000, 7763999, 5],
    [7764000, 7764999, 7],
    [7765000, 7769999, 5],
    [7770000, 7776999, 7],
    [7777000, 7899999, 5],
    [7900000, 7999999, 4],
    [8000000, 8379999, 5],
    [8380000, 8384999, 7],
    [8385000, 8671999, 5],
    [8672000, 8675999, 4],
    [8676000, 8697999, 5],
    [8698000, 9159999, 6],
    [9160000, 9165059, 7],
    [9165060, 9729999, 6],
    [9730000, 9877999, 4],
    [9878000, 9911499, 6],
    [9911500, 9911999, 7],
    [9912000, 9989899, 6],
    [9989900, 9999999, 7],
  ],
};

/**
 * A valid ISBN-13 in display form (978-0-306-40615-7) for the 978-0 and 978-1 groups; any other group,
 * or an invalid ISBN, comes back as the bare 13 digits (null for input that is not an ISBN at all).
 */
export function hyphenateIsbn(input: string): string | null {
  const parsed = parseIsbn(input);
  if (!parsed.ok) return null;
  const isbn = parsed.isbn13;
  const group = isbn[3];
  if (!isbn.startsWith('978') || (group !== '0' && group !== '1')) return isbn;
  const window = Number(isbn.slice(4, 11));
  const rule = ENGLISH_GROUPS[group].find(([from, to]) => window >= from && window <= to);
  if (!rule) return isbn;
  const registrantEnd = 4 + rule[2];
  return [
    isbn.slice(0, 3),
    group,
    isbn.slice(4, registrantEnd),
    isbn.slice(registrantEnd, 12),
    isbn[12],
  ].join('-');
}
