import type { BookSearchDocument } from './bookSearchDocument.ts';
import type { SearchFilters } from './searchIndex.ts';
import { foldText } from './searchTerms.ts';

/** A filter compiled once per query, then run against every candidate book. */
export type BookPredicate = (document: BookSearchDocument) => boolean;

/**
 * `language`: the tag itself or a more specific one (`en` matches `en-GB`, not `eng`). `subject`: a
 * code or any code under it in its hierarchy (`FB` matches Thema `FBA`, `FIC` matches BISAC
 * `FIC000000`). `contributor`: a name containing the text, case and accents ignored.
 */
export function compileFilters(filters: SearchFilters): BookPredicate {
  const checks: BookPredicate[] = [];
  if (filters.status) {
    const status = filters.status;
    checks.push((d) => d.status === status);
  }
  if (filters.language) {
    const tag = filters.language.toLowerCase();
    checks.push((d) => {
      const language = d.language?.toLowerCase();
      return language === tag || (language?.startsWith(`${tag}-`) ?? false);
    });
  }
  if (filters.subject) {
    const code = filters.subject.toUpperCase();
    checks.push((d) => d.subjects.some((subject) => subject.toUpperCase().startsWith(code)));
  }
  if (filters.contributor) {
    const name = foldText(filters.contributor);
    checks.push((d) => d.contributors.some((c) => foldText(c.name).includes(name)));
  }
  return (d) => checks.every((check) => check(d));
}
