import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.ts';
import type { SearchFilters } from './searchIndex.ts';

/**
 * Keyset cursor over the ranking (score descending, then bookId): the next page is everything ranked
 * after the last book shown. Unlike an offset, a book indexed or removed between two pages does not
 * shift the rest, so no result repeats or is skipped because of it. The cursor carries a fingerprint
 * of the query and filters, so it cannot be replayed against a different search.
 */
export interface RankPosition {
  score: number;
  bookId: string;
}

export function queryFingerprint(q: string, filters: SearchFilters): string {
  const canonical = JSON.stringify([
    q.trim().toLowerCase(),
    filters.status ?? null,
    filters.language?.toLowerCase() ?? null,
    filters.subject?.toUpperCase() ?? null,
    filters.contributor?.toLowerCase() ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodeSearchCursor(fingerprint: string, last: RankPosition): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, s: last.score, b: last.bookId }), 'utf8').toString(
    'base64url',
  );
}

export function decodeSearchCursor(cursor: string | undefined, fingerprint: string): RankPosition | null {
  if (cursor === undefined || cursor === '') return null;
  const invalid = () => ValidationError.field('cursor', 'is not a cursor of this search', 'invalid_cursor');
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { f, s, b } = (parsed ?? {}) as Record<string, unknown>;
  if (f !== fingerprint || typeof s !== 'number' || !Number.isFinite(s)) throw invalid();
  if (typeof b !== 'string' || b.length === 0 || b.length > 64) throw invalid();
  return { score: s, bookId: b };
}

/** Ranking order: higher score first, ties by bookId so the order is total and stable. */
export function compareRank(a: RankPosition, b: RankPosition): number {
  return b.score - a.score || (a.bookId < b.bookId ? -1 : a.bookId > b.bookId ? 1 : 0);
}
