import { type BookDetail, BookDetailSchema } from '@galley/shared/api/books';
import { useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { CacheKeys, readThrough } from '../../offline/apiCache.ts';
import { db } from '../../offline/db.ts';
import { useOutbox } from '../../offline/OutboxProvider.tsx';
import { withPendingOps } from '../../offline/outboxOps.ts';

export type BookView =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  /** `book` includes the user's writes still in the outbox; `cachedAt` is set when it is an offline copy. */
  | { status: 'ready'; book: BookDetail; server: BookDetail; cachedAt: string | null };

/**
 * A book as the user should see it: from the api when reachable (kept for offline), else the kept
 * copy, with the writes still waiting in the outbox applied on top so nothing they did "disappears".
 */
export function useBook(id: string): [BookView, () => void] {
  const user = useUser();
  const { api } = useSession();
  const { entries, savedGeneration, savedBook } = useOutbox();
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<
    | { status: 'loading' }
    | { status: 'error'; error: ApiError }
    | { status: 'ready'; book: BookDetail; cachedAt: string | null }
  >({ status: 'loading' });

  useEffect(() => {
    let active = true;
    void generation;
    void savedGeneration; // a write reached the api: read the book again
    readThrough(db, user.id, CacheKeys.book(id), BookDetailSchema, () => api.books.get(id)).then(
      ({ data, cachedAt }) =>
        active &&
        // A read that left before our last write landed answers with an older version: keep the newer.
        setLoaded((prev) =>
          prev.status === 'ready' && prev.book.id === data.id && prev.book.version > data.version
            ? prev
            : { status: 'ready', book: data, cachedAt },
        ),
      (error: ApiError) => active && setLoaded({ status: 'error', error }),
    );
    return () => {
      active = false;
    };
  }, [api, id, user.id, generation, savedGeneration]);

  const view = useMemo<BookView>(() => {
    if (loaded.status !== 'ready') return loaded;
    // The api's answer to our own last write is newer than what was read before it landed.
    const newer = savedBook?.id === id && savedBook.version > loaded.book.version ? savedBook : null;
    const server = newer ?? loaded.book;
    const waiting = entries.filter((entry) => entry.op.bookId === id).map((entry) => entry.op);
    return {
      status: 'ready',
      book: withPendingOps(server, waiting),
      server,
      cachedAt: newer ? null : loaded.cachedAt,
    };
  }, [loaded, entries, id, savedBook]);

  return [view, () => setGeneration((g) => g + 1)];
}
