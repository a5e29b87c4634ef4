import type { BookDetail } from '@galley/shared/api/books';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { z } from 'zod';
import { useSession, useUser } from '../auth/session.tsx';
import { CacheKeys, saveCached } from './apiCache.ts';
import { db } from './db.ts';
import { Outbox, type OutboxEntry } from './outbox.ts';
import { askForPersistentStorage } from './storageHealth.ts';

interface OutboxContextValue {
  outbox: Outbox;
  entries: OutboxEntry[];
  /** Bumped whenever a write reached the api, so screens re-read what they cached. */
  savedGeneration: number;
  /**
   * The book as the api answered the last write. Set before the write leaves `entries`, so a screen
   * showing "server copy + waiting writes" never shows the server copy from before that write.
   */
  savedBook: BookDetail | null;
}

const OutboxContext = createContext<OutboxContextValue | null>(null);

/** While nothing is reachable, try again this often (and at once when the browser says it is online). */
const RETRY_MS = 15_000;

/** One outbox per signed-in user, sending as soon as the network allows. */
export function OutboxProvider({ children }: { children: ReactNode }) {
  const user = useUser();
  const { client } = useSession();
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [savedGeneration, setSavedGeneration] = useState(0);
  const [savedBook, setSavedBook] = useState<BookDetail | null>(null);

  const outbox = useMemo(
    () =>
      new Outbox(
        db,
        user.id,
        (request, idempotencyKey) =>
          client.request(request.method, request.path, {
            body: request.body,
            // The outbox parses the answer with the schema of the write it made.
            schema: z.unknown(),
            headers: {
              'Idempotency-Key': idempotencyKey,
              ...(request.ifMatch === undefined ? {} : { 'If-Match': `"${request.ifMatch}"` }),
            },
          }),
        async (book: BookDetail) => {
          setSavedBook(book);
          await saveCached(db, user.id, CacheKeys.book(book.id), book);
          setSavedGeneration((g) => g + 1);
        },
      ),
    [client, user.id],
  );

  useEffect(() => {
    let active = true;
    const refresh = () => void outbox.entries().then((list) => active && setEntries(list));
    const unsubscribe = outbox.subscribe(refresh);
    refresh();
    // Manuscripts and waiting writes may exist only here until they sync: ask not to be evicted.
    void askForPersistentStorage();
    const kick = () => void outbox.flush().catch(() => undefined);
    kick();
    window.addEventListener('online', kick);
    const timer = window.setInterval(kick, RETRY_MS);
    return () => {
      active = false;
      unsubscribe();
      window.removeEventListener('online', kick);
      window.clearInterval(timer);
    };
  }, [outbox]);

  const value = useMemo(
    () => ({ outbox, entries, savedGeneration, savedBook }),
    [outbox, entries, savedGeneration, savedBook],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxContextValue {
  const value = useContext(OutboxContext);
  if (!value) throw new Error('useOutbox must be used inside <OutboxProvider>');
  return value;
}
