import type { CommentPerson, CommentThread } from '@galley/shared/manuscript/comments';
import { useEffect, useRef } from 'react';

/**
 * Tells screen-reader users when someone else's thread or reply arrives (sighted users see it appear),
 * through the panel's status line. Threads present when the panel opened are not announced.
 */
export function useNewThreadAnnouncer(
  threads: readonly CommentThread[],
  me: CommentPerson,
  announce: (message: string) => void,
): void {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    const messages = threads.flatMap((thread) => [
      { id: thread.id, author: thread.author, kind: 'comment' },
      ...thread.replies.map((message) => ({ id: message.id, author: message.author, kind: 'reply' })),
    ]);
    const previous = seen.current;
    seen.current = new Set(messages.map((message) => message.id));
    if (!previous) return;
    const arrived = messages.filter((message) => !previous.has(message.id) && message.author.id !== me.id);
    const last = arrived.at(-1);
    if (last) announce(`New ${last.kind} from ${last.author.name}.`);
  }, [threads, me.id, announce]);
}
