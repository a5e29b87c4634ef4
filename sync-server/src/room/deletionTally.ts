import type * as Y from 'yjs';
import {
  addRanges,
  type DeletedRanges,
  encodeDeletedRanges,
  mergeRanges,
  normalizeRanges,
} from '../storage/deletedRanges.ts';
import type { DocStorage } from '../storage/docStorage.ts';
import type { Connection } from './syncSocket.ts';

/** How long deletions gather in memory before they are written: one write per user per flush. */
export const DELETIONS_FLUSH_MS = 5_000;

/**
 * Records who deleted what in a room's document (DocStorage.recordDeletions), so version comparisons
 * can name the person behind each deleted run.
 *
 * The source is each client transaction's own delete set, not the update the client sent: Yjs has
 * already worked out (sorted and merged) exactly which items that update newly deleted here, so taking
 * it costs nothing on the hot path, and it leaves out what the sender only repeated — a reconnecting
 * editor's sync step 2 carries its whole delete set, everyone's deletions included, which would
 * otherwise all be credited to it.
 *
 * Held per user and written at most every DELETIONS_FLUSH_MS and when the room closes, off the path
 * of *persisted*, like the activity counts: a failed write is kept for the next flush; ranges held
 * when a node dies are lost, and those deletions then show with nobody named (the text itself is
 * durable before it is acknowledged).
 */
export class DeletionTally {
  private readonly held = new Map<string, DeletedRanges>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** Set while a transaction runs that may apply deletions another client sent earlier (see below). */
  private completesPending = false;

  constructor(
    private readonly docName: string,
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly storage: DocStorage,
    private readonly onError: (error: unknown) => void,
    private readonly flushMs = DELETIONS_FLUSH_MS,
  ) {
    if (!storage.recordDeletions) return;
    // A deletion of text this node has not received yet waits in the store's pendingDs and is applied
    // by whichever later update brings that text, in that update's transaction: crediting that sender
    // would name the wrong person, so such a transaction names nobody.
    doc.on('beforeTransaction', () => {
      this.completesPending = doc.store.pendingDs !== null;
    });
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const { clients } = transaction.deleteSet;
      if (clients.size === 0 || this.completesPending) return;
      const origin = transaction.origin as Connection;
      if (this.connections.has(origin)) this.add(origin.userId, clients);
    });
  }

  /** Credits deletions to a user; for updates applied in a shared transaction (DocRoom.applyIncoming). */
  credit(userId: string, clients: ReadonlyMap<number, readonly { clock: number; len: number }[]>): void {
    if (this.storage.recordDeletions) this.add(userId, clients);
  }

  private add(userId: string, clients: ReadonlyMap<number, readonly { clock: number; len: number }[]>): void {
    let ranges = this.held.get(userId);
    if (!ranges) {
      ranges = new Map();
      this.held.set(userId, ranges);
    }
    addRanges(ranges, clients);
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Writes what has gathered; resolves when it (and any write before it) is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const record = this.storage.recordDeletions?.bind(this.storage);
    if (!record || this.held.size === 0) return this.writing;
    const batch = [...this.held].map(([userId, ranges]) => ({ userId, ranges: normalizeRanges(ranges) }));
    this.held.clear();
    this.writing = this.writing.then(async () => {
      const results = await Promise.allSettled(
        batch.map(({ userId, ranges }) => record(this.docName, userId, encodeDeletedRanges(ranges))),
      );
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') return;
        // Storage is down or slow: keep the ranges for the next flush (merged with newer ones).
        this.onError(result.reason);
        const { userId, ranges } = batch[i]!;
        this.held.set(userId, mergeRanges(ranges, this.held.get(userId) ?? new Map()));
        this.flushSoon();
      });
    });
    return this.writing;
  }
}
