import type { User } from '@galley/shared/api/auth';

/** What survives a reload: the refresh token and the last known user. The access token stays in memory. */
export interface StoredSession {
  refreshToken: string;
  user: User;
}

export interface SessionStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

/** For tests and for browsers where IndexedDB is unavailable (private modes): the session ends with the tab. */
export function memorySessionStore(initial: StoredSession | null = null): SessionStore {
  let current = initial;
  return {
    load: async () => current,
    save: async (session) => {
      current = session;
    },
    clear: async () => {
      current = null;
    },
  };
}

/**
 * Uses `primary` (IndexedDB) and falls back to memory for good once it fails, e.g. in browsers that
 * refuse IndexedDB in private windows: signing in must still work, it just ends with the tab.
 */
export function withMemoryFallback(
  primary: SessionStore,
  onFallback?: (error: unknown) => void,
): SessionStore {
  const memory = memorySessionStore();
  let active: SessionStore = primary;
  const attempt = async <T>(run: (store: SessionStore) => Promise<T>): Promise<T> => {
    try {
      return await run(active);
    } catch (error) {
      if (active === memory) throw error;
      active = memory;
      onFallback?.(error);
      return run(memory);
    }
  };
  return {
    load: () => attempt((store) => store.load()),
    save: (session) => attempt((store) => store.save(session)),
    clear: () => attempt((store) => store.clear()),
  };
}
