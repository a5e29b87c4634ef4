import type { SignedIn, User } from '@galley/shared/api/auth';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient } from '../api/apiClient.ts';
import { type Endpoints, endpoints } from '../api/endpoints.ts';
import { withMemoryFallback } from '../api/sessionStore.ts';
import { dexieSessionStore } from '../offline/db.ts';

export type SessionState =
  | { status: 'loading'; user: null }
  /** `byUser`: signed out on purpose, so sign-in should not return to the last page. */
  | { status: 'signed-out'; user: null; byUser: boolean }
  | { status: 'signed-in'; user: User };

interface SessionContextValue {
  state: SessionState;
  client: ApiClient;
  api: Endpoints;
  startSession(signedIn: SignedIn): Promise<void>;
  setUser(user: User): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Web Locks keep refreshes in different tabs from racing on the same rotating refresh token. */
export function browserLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request(name, task) as Promise<T>) : task();
}

export const apiClient = new ApiClient({
  store: withMemoryFallback(dexieSessionStore(), (error) =>
    console.warn('IndexedDB is unavailable; this sign-in will last only as long as the tab.', error),
  ),
  withLock: browserLock,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', user: null });

  useEffect(() => {
    let active = true;
    // Tabs share one stored session: tell the others when it starts or ends here.
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('galley-session') : null;
    let fromOtherTab = false;
    if (channel) {
      channel.onmessage = () => {
        fromOtherTab = true;
        void apiClient.syncFromStore().finally(() => {
          fromOtherTab = false;
        });
      };
    }
    const unsubscribe = apiClient.subscribe((event) => {
      if (event.type !== 'user' && !fromOtherTab) channel?.postMessage(event.type);
      if (!active) return;
      if (event.type === 'signed-out') setState({ status: 'signed-out', user: null, byUser: event.byUser });
      else setState({ status: 'signed-in', user: event.user });
    });
    void (async () => {
      const user = await apiClient.storedUser().catch(() => null);
      if (!active) return;
      if (!user) {
        setState({ status: 'signed-out', user: null, byUser: false });
        return;
      }
      // Offline first: show the app with the user we know, then refresh it when the api answers.
      setState({ status: 'signed-in', user });
      try {
        const fresh = await endpoints(apiClient).me.get();
        if (active) await apiClient.updateUser(fresh);
      } catch {
        // Offline keeps the cached user; a refused refresh already signed us out through the event.
      }
    })();
    return () => {
      active = false;
      unsubscribe();
      channel?.close();
    };
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      client: apiClient,
      api: endpoints(apiClient),
      startSession: (signedIn) => apiClient.startSession(signedIn),
      setUser: (user) => apiClient.updateUser(user),
      signOut: () => apiClient.signOut(),
    }),
    [state],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For screens inside the app frame, where a user is guaranteed. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser needs a signed-in session');
  return state.user;
}
