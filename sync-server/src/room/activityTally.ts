import { parseDocName } from '@galley/shared/sync/protocol';
import type { ActivityCount, DocStorage } from '../storage/docStorage.ts';

/** How long counts gather in memory before they are written: one write per user per chapter per flush. */
export const ACTIVITY_FLUSH_MS = 5_000;

/**
 * Counts, per user and UTC day, the changes a chapter's room stored, and writes them to storage at most
 * every ACTIVITY_FLUSH_MS (and when the room closes), so the book's activity costs a few writes a
 * minute rather than one per keystroke. Best effort: counts held when a node dies are lost, which an
 * activity summary can afford (the text itself is durable before it is acknowledged); a failed write
 * is retried with the next flush.
 */
export class ActivityTally {
  private readonly counts = new Map<string, ActivityCount>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly target: { bookId: string; chapterId: string } | null;

  constructor(
    docName: string,
    private readonly storage: DocStorage,
    private readonly onError: (error: unknown) => void,
    private readonly flushMs = ACTIVITY_FLUSH_MS,
  ) {
    // Only chapters have activity (a presence channel or another document has none).
    this.target = storage.recordActivity ? parseDocName(docName) : null;
  }

  /** `changes` updates from `userId` were stored at `at` (epoch ms). */
  add(userId: string, changes: number, at: number): void {
    if (!this.target || changes === 0) return;
    const day = new Date(at).toISOString().slice(0, 10);
    const key = `${day}\n${userId}`;
    const count = this.counts.get(key);
    if (count) {
      count.changes += changes;
      count.lastAt = Math.max(count.lastAt, at);
    } else {
      this.counts.set(key, { ...this.target, day, userId, changes, firstAt: at, lastAt: at });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes what has gathered; resolves when it (and any write before it) is done. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const counts = [...this.counts.values()];
    this.counts.clear();
    if (counts.length > 0 && this.storage.recordActivity) {
      const record = this.storage.recordActivity.bind(this.storage);
      this.writing = this.writing
        .then(() => record(counts))
        .catch((error: unknown) => {
          // Storage is down or slow: keep the counts for the next flush rather than drop them, so a
          // busy or briefly unavailable table costs a late summary, not a missing one.
          this.onError(error);
          for (const count of counts) this.restore(count);
        });
    }
    return this.writing;
  }

  private restore(count: ActivityCount): void {
    this.add(count.userId, count.changes, count.firstAt);
    const held = this.counts.get(`${count.day}\n${count.userId}`);
    if (held) held.lastAt = Math.max(held.lastAt, count.lastAt);
  }
}
