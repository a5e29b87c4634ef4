/**
 * Subject code SYNTAX checks. Only the shape is checked: the BISAC and Thema code lists are licensed,
 * versioned lists (BISG, EDItEUR) that we do not ship yet, so a well-formed code that is not in the
 * current list (e.g. FIC999999) is accepted. Checking membership is left for when the lists are added.
 */

/**
 * BISAC subject codes: three capital letters naming the major subject and six digits
 * (`FIC000000` Fiction / General, `JUV039140`). Lower case is accepted and upper-cased on the way in.
 */
export function normaliseBisacCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return /^[A-Z]{3}\d{6}$/.test(code) ? code : null;
}

/**
 * Thema subject codes (EDItEUR). Subject categories start with one of the 20 top-level section
 * letters (`ACDFGJKLMNPQRSTUVWXY`; B, E, H, I, O and Z are unused) followed by up to 7 more
 * letters/digits (`FB`, `FBA`, `YFH`, `ATFX`). Qualifiers start with their type digit 1–6 (place,
 * language, time, education, interest, style), then up to 7 letters/digits; national extensions add
 * hyphenated parts (`1DDU-GB-S`). Total length 1–16 characters, upper case.
 */
const THEMA_SUBJECT = /^[ACDFGJKLMNPQRSTUVWXY][A-Z0-9]{0,7}$/;
const THEMA_QUALIFIER = /^[1-6][A-Z0-9]{0,7}(?:-[A-Z0-9]{1,4}){0,2}$/;

export function normaliseThemaCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (code.length === 0 || code.length > 16) return null;
  return THEMA_SUBJECT.test(code) || THEMA_QUALIFIER.test(code) ? code : null;
}
