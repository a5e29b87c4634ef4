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
