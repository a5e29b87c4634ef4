import type { z } from 'zod';
import { ApiError } from '../api/apiError.ts';
import type { GalleyDb } from './db.ts';

export interface CachedRead<T> {
  data: T;
  /** Set when the network failed and this is the copy kept from an earlier visit. */
  cachedAt: string | null;
}

/**
 * Reads from the api and keeps the answer for offline use; when the network fails, answers from the
 * kept copy instead (and says how old it is). Rows are per user, so a shared device never shows one
 * user's books to the next.
 */
export async function readThrough<S extends z.ZodType>(
  db: GalleyDb,
  userId: string,
  key: string,
  schema: S,
  load: () => Promise<z.infer<S>>,
): Promise<CachedRead<z.infer<S>>> {
  try {
    const data = await load();
    await saveCached(db, userId, key, data).catch(() => undefined);
    return { data, cachedAt: null };
  } catch (error) {
    if (!(error instanceof ApiError && error.isNetworkError)) throw error;
    const row = await db.apiCache.get(cacheKey(userId, key));
    const parsed = row ? schema.safeParse(row.data) : null;
    if (!row || !parsed?.success) throw error;
    return { data: parsed.data, cachedAt: row.savedAt };
  }
}

export async function readCached<S extends z.ZodType>(
  db: GalleyDb,
  userId: string,
  key: string,
  schema: S,
): Promise<z.infer<S> | null> {
  const row = await db.apiCache.get(cacheKey(userId, key));
  const parsed = row ? schema.safeParse(row.data) : null;
  return parsed?.success ? parsed.data : null;
}

export function saveCached(db: GalleyDb, userId: string, key: string, data: unknown): Promise<unknown> {
  return db.apiCache.put({ key: cacheKey(userId, key), userId, data, savedAt: new Date().toISOString() });
}

/** Everything kept for this user (sign-out on a shared device). */
export function clearCachedFor(db: GalleyDb, userId: string): Promise<unknown> {
  return db.apiCache.where('userId').equals(userId).delete();
}

const cacheKey = (userId: string, key: string) => `${userId}:${key}`;

export const CacheKeys = {
  books: 'books',
  book: (id: string) => `book:${id}`,
} as const;
