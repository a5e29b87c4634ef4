import type { CommentThread } from '@galley/shared/manuscript/comments';
import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { currentThreads } from './currentThreads.ts';

interface ThreadsStore {
  subscribe(listener: () => void): () => void;
  snapshot(): CommentThread[];
}

/**
 * The chapter's threads, kept current from the Y.Doc: a remote comment or a quoted word changing
 * under someone's typing shows without a reload. Listings are coalesced to one per animation frame,
 * so a burst of keystrokes costs one listing, not one per key.
 */
export function createThreadsStore(doc: Y.Doc): ThreadsStore {
  let threads = currentThreads(doc);
  const listeners = new Set<() => void>();
  let scheduled = false;
  const refresh = () => {
    scheduled = false;
    threads = currentThreads(doc);
    for (const listener of listeners) listener();
  };
  // 'update' fires only when a transaction changed the document; empty transactions do not count.
  const onUpdate = () => {
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(refresh);
    else queueMicrotask(refresh);
  };
  return {
    subscribe(listener) {
      if (listeners.size === 0) {
        doc.on('update', onUpdate);
        onUpdate();
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) doc.off('update', onUpdate);
      };
    },
    snapshot: () => threads,
  };
}

export function useCommentThreads(doc: Y.Doc): CommentThread[] {
  const store = useMemo(() => createThreadsStore(doc), [doc]);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
