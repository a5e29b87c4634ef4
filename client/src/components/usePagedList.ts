import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/apiError.ts';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list: the first page loads when `key` changes (new filters), "Load more" appends.
 * Answers to an older filter are dropped, so a fast typist never sees the wrong results.
 */
export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, key: string) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (cursor: string | undefined, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(cursor);
      if (mine !== generation.current) return;
      setItems((previous) => (append ? [...previous, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (caught) {
      if (mine !== generation.current) return;
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'client_error', String(caught)));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the filters; a change reloads
  useEffect(() => {
    setItems([]);
    void load(undefined, false);
  }, [key, load]);

  return {
    items,
    setItems,
    loading,
    error,
    hasMore: nextCursor !== null,
    loadMore: () => (nextCursor ? load(nextCursor, true) : Promise.resolve()),
    reload: () => load(undefined, false),
  };
}
