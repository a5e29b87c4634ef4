import type { BookDetail } from '@galley/shared/api/books';
import {
  MIN_COVER_SHORT_SIDE_PX,
  ValidationCode,
  type ValidationProblem,
} from '@galley/shared/api/validation';
import { parseIsbn } from '@galley/shared/metadata/isbn';

/** The cover as stored: its pixel size, null when the book has none, undefined when not known. */
export type CoverFacts = { width: number; height: number } | null | undefined;

const metadataProblem = (
  field: string,
  code: ValidationProblem['code'],
  severity: ValidationProblem['severity'],
  message: string,
): ValidationProblem => ({ code, severity, message, where: { kind: 'metadata', field } });

/**
 * What retailers and the EPUB package need before a book can be published. Errors are what EPUB
 * or retailers reject outright; warnings are what they accept but readers or shops will miss.
 */
export function checkMetadata(book: BookDetail, cover: CoverFacts): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const missing = (field: string, severity: ValidationProblem['severity'], message: string) =>
    problems.push(metadataProblem(field, ValidationCode.metadataMissing, severity, message));

  if (!book.language) missing('language', 'error', 'The book has no language; EPUB requires one.');
  if (!book.contributors.some((c) => c.role === 'aut')) {
    missing('contributors', 'error', 'The book has no author (a contributor with the role “aut”).');
  }
  if (!book.description?.trim()) missing('description', 'warning', 'The book has no description for shops.');
  if (!book.publisher) missing('publisher', 'warning', 'The book names no publisher.');
  if (!book.rights) missing('rights', 'warning', 'The book has no rights statement.');
  if (book.subjects.bisac.length === 0 && book.subjects.thema.length === 0) {
    missing(
      'subjects',
      'warning',
      'The book has no BISAC or Thema subject; shops will not know where to list it.',
    );
  }
  if (!book.isbn) {
    missing('isbn', 'warning', 'The book has no ISBN; some retailers will not accept it without one.');
  } else if (!parseIsbn(book.isbn).ok) {
    problems.push(
      metadataProblem('isbn', ValidationCode.isbnInvalid, 'error', `${book.isbn} is not a valid ISBN.`),
    );
  }
  problems.push(...checkCover(cover));
  return problems;
}

function checkCover(cover: CoverFacts): ValidationProblem[] {
  if (cover === undefined) return [];
  if (cover === null) {
    return [metadataProblem('cover', ValidationCode.coverMissing, 'warning', 'The book has no cover image.')];
  }
  const shortSide = Math.min(cover.width, cover.height);
  if (shortSide >= MIN_COVER_SHORT_SIDE_PX) return [];
  return [
    metadataProblem(
      'cover',
      ValidationCode.coverTooSmall,
      'error',
      `The cover is ${cover.width}×${cover.height} px; retailers need at least ${MIN_COVER_SHORT_SIDE_PX} px on the shorter side.`,
    ),
  ];
}
