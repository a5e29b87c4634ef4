import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api/apiError.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  /** For local edits (an upload added, a row edited or removed) without another round trip. */
  setItems: (update: (items: T[]) => T[]) => void;
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  /** Appends the next page. */
  loadMore: () => void;
  /** Starts again from the first page. */
  reload: () => void;
}

/**
 * A cursor-paged api list shown as "first page, then More": every list the api returns is bounded,
 * so screens page through it rather than asking for everything. Loads the first page whenever
 * `fetchPage` changes (memoise it on what the list depends on, e.g. the book id).
 */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await fetchPage(from);
        setItems((before) => (from ? [...before, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(e as ApiError);
      } finally {
        setLoading(false);
      }
    },
    [fetchPage],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    items,
    setItems,
    hasMore: cursor !== null,
    loading,
    error,
    loadMore: () => {
      if (cursor) void load(cursor);
    },
    reload: () => void load(null),
  };
}
