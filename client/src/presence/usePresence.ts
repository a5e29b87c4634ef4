import type { PresenceActivity, PresenceState } from '@galley/shared/sync/presence';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { endpoints } from '../api/endpoints.ts';
import { useSession, useUser } from '../auth/session.tsx';
import { collaboratorColor } from '../editor/collaboratorColor.ts';
import { PresenceSession, type PresenceSnapshot } from './presenceSession.ts';

const NOT_LIVE: PresenceSnapshot = { live: false, people: [] };
const noSubscription = () => () => undefined;
const notLive = () => NOT_LIVE;

/**
 * Who else is in book `bookId`, while this tab announces itself there: on the book page
 * (`chapterId` null) or in a chapter. One connection per book and tab; moving to another chapter of
 * the same book updates the announcement without reconnecting.
 */
export function usePresence(
  bookId: string,
  chapterId: string | null,
  activity: PresenceActivity,
): PresenceSnapshot {
  // The api client is one object for the app's life (the context's `api` is rebuilt on user refresh).
  const { client } = useSession();
  const user = useUser();
  const state = useMemo<PresenceState>(
    () => ({
      user: { id: user.id, name: user.displayName, color: collaboratorColor(user.id) },
      chapterId,
      activity,
    }),
    [user.id, user.displayName, chapterId, activity],
  );
  const latest = useRef(state);
  latest.current = state;
  const [session, setSession] = useState<PresenceSession | null>(null);

  useEffect(() => {
    const api = endpoints(client);
    const opened = new PresenceSession({
      bookId,
      state: latest.current,
      requestToken: () => api.syncTokens.create(bookId),
    });
    opened.start();
    setSession(opened);
    return () => {
      opened.destroy();
      setSession(null);
    };
  }, [client, bookId]);

  useEffect(() => {
    session?.announce(state);
  }, [session, state]);

  return useSyncExternalStore(session?.subscribe ?? noSubscription, session?.snapshot ?? notLive);
}
