import { type CommentThread, listThreads } from '@galley/shared/manuscript/comments';
import type * as Y from 'yjs';

const listings = new WeakMap<Y.Doc, { threads: CommentThread[] | null }>();

/**
 * The doc's threads, listed at most once per change of the doc: the highlights and the panel both
 * refresh in the same animation frame after an edit and share one listing (a listing costs a few
 * milliseconds with hundreds of threads, so it is worth not doing twice per keystroke).
 */
export function currentThreads(doc: Y.Doc): CommentThread[] {
  let entry = listings.get(doc);
  if (!entry) {
    const created: { threads: CommentThread[] | null } = { threads: null };
    // Before observers run, not on 'update' (which comes after them): the sync binding redraws the
    // editor from inside its observer, and the highlights read the listing right then.
    doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
      if (transaction.changed.size > 0) created.threads = null;
    });
    listings.set(doc, created);
    entry = created;
  }
  entry.threads ??= listThreads(doc);
  return entry.threads;
}
