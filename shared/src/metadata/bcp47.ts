/**
 * BCP 47 language tags (`en`, `en-GB`, `pt-BR`, `zh-Hant-TW`, `sr-Latn`). The platform's Intl
 * implementation (ICU) does the structural check and canonicalisation, so we do not maintain a copy of
 * the IANA subtag registry: `Intl.getCanonicalLocales` throws a RangeError for a tag that is not
 * well-formed and returns the canonical casing (`EN-gb` → `en-GB`). It does not check that every
 * subtag is registered (e.g. `xx` is well-formed), which is the same bar EPUB's `dc:language` sets.
 * One stricter rule on top: the primary language subtag must be 2–3 letters (ISO 639). BCP 47 also
 * allows 5–8 letter primary subtags, but none is registered, and accepting them would let `english` or
 * `french` through as if they were tags.
 */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/** The canonical form of a well-formed tag, or null. */
export function canonicalLanguageTag(input: string): string | null {
  const tag = input.trim();
  // Empty, over-long, or with characters Intl would also refuse: short-circuit without an exception.
  if (tag.length === 0 || tag.length > MAX_LANGUAGE_TAG_LENGTH || !/^[A-Za-z0-9-]+$/.test(tag)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical || !/^[a-z]{2,3}(?:-|$)/.test(canonical)) return null;
    return canonical;
  } catch {
    return null;
  }
}
