import * as Y from 'yjs';
import { shouldCompact } from './compactionPolicy.ts';
import type { DocStateRow, GalleyDb } from './db.ts';

/**
 * The merged state of a list of updates, as small as the document itself. `Y.mergeUpdates` keeps one
 * struct per keystroke (measured: 20,000 typed characters merge to 4.4× the encoded document), so we
 * apply them to a scratch Y.Doc, which joins adjacent runs and drops deleted content, and encode that.
 */
export function compactUpdates(updates: Uint8Array[]): Uint8Array {
  const scratch = new Y.Doc();
  try {
    Y.transact(scratch, () => {
      for (const update of updates) Y.applyUpdate(scratch, update);
    });
    return Y.encodeStateAsUpdate(scratch);
  } finally {
    scratch.destroy();
  }
}

export interface OpenedLog {
  updates: Uint8Array[];
  /** Local changes on the device that the cloud has not confirmed. */
  pending: number;
  state: DocStateRow;
}

function emptyState(docName: string): DocStateRow {
  return {
    docName,
    ackedRowId: 0,
    compactedRowId: 0,
    baseBytes: 0,
    lastCloudSaveAt: null,
    access: null,
    title: null,
  };
}

/**
 * A chapter's update log in IndexedDB. Writes are queued and flushed in one transaction at a time; the
 * promise `append` returns resolves with the row id once that transaction has COMMITTED, which is what
 * lets the status line say "Saved on this device".
 */
export class LocalDocLog {
  private queue: Array<{
    row: { update: Uint8Array; pending: number };
    done: (id: number) => void;
    fail(e: unknown): void;
  }> = [];
  private flushing: Promise<void> | null = null;
  private tailRows = 0;
  private tailBytes = 0;
  private baseBytes = 0;
  private maxRowIdAtOpen = 0;

  private constructor(
    private readonly db: GalleyDb,
    readonly docName: string,
  ) {}

  static async open(db: GalleyDb, docName: string): Promise<{ log: LocalDocLog; opened: OpenedLog }> {
    const log = new LocalDocLog(db, docName);
    const opened = await db.transaction('r', db.docUpdates, db.docStates, async () => {
      const rows = await db.docUpdates.where('docName').equals(docName).sortBy('id');
      const state = (await db.docStates.get(docName)) ?? emptyState(docName);
      return { rows, state };
    });
    const { rows, state } = opened;
    log.baseBytes = state.baseBytes;
    for (const row of rows) {
      if ((row.id ?? 0) > state.compactedRowId) {
        log.tailRows += 1;
        log.tailBytes += row.update.byteLength;
      }
      log.maxRowIdAtOpen = Math.max(log.maxRowIdAtOpen, row.id ?? 0);
    }
    const pending = rows.filter((r) => (r.id ?? 0) > state.ackedRowId).reduce((n, r) => n + r.pending, 0);
    return { log, opened: { updates: rows.map((r) => r.update), pending, state } };
  }

  /** The newest row that existed when the chapter opened (the session's baseline). */
  get baselineRowId(): number {
    return this.maxRowIdAtOpen;
  }

  append(update: Uint8Array, pending: number): Promise<number> {
    return new Promise((done, fail) => {
      this.queue.push({ row: { update, pending }, done, fail });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.scheduleFlush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const rows = batch.map((b) => ({ docName: this.docName, ...b.row }));
      // db.transaction resolves after the commit; a plain bulkAdd may resolve on request success.
      const ids = await this.db.transaction('rw', this.db.docUpdates, () =>
        this.db.docUpdates.bulkAdd(rows, { allKeys: true }),
      );
      for (const [i, b] of batch.entries()) b.done(ids[i] as number);
      this.tailRows += rows.length;
      this.tailBytes += rows.reduce((n, r) => n + r.update.byteLength, 0);
    } catch (error) {
      for (const b of batch) b.fail(error);
      return;
    }
    if (shouldCompact({ baseBytes: this.baseBytes, tailRows: this.tailRows, tailBytes: this.tailBytes })) {
      await this.compact().catch((error) => console.warn('Compacting the local log failed', error));
    }
  }

  /**
   * Folds every row of the chapter into one, in one transaction so a crash leaves either the old rows
   * or the merged one. The merged row keeps the newest id, so "acknowledged up to row N" stays true,
   * and carries the count of changes the cloud had not confirmed.
   */
  async compact(): Promise<void> {
    const { db, docName } = this;
    const size = await db.transaction('rw', db.docUpdates, db.docStates, async () => {
      const rows = await db.docUpdates.where('docName').equals(docName).sortBy('id');
      if (rows.length < 2) return null;
      const state = (await db.docStates.get(docName)) ?? emptyState(docName);
      const lastId = rows[rows.length - 1]!.id!;
      const merged = compactUpdates(rows.map((r) => r.update));
      const pending = rows.filter((r) => r.id! > state.ackedRowId).reduce((n, r) => n + r.pending, 0);
      await db.docUpdates.bulkDelete(rows.map((r) => r.id!));
      await db.docUpdates.put({ id: lastId, docName, update: merged, pending });
      await db.docStates.put({ ...state, compactedRowId: lastId, baseBytes: merged.byteLength });
      return merged.byteLength;
    });
    if (size !== null) {
      this.baseBytes = size;
      this.tailRows = 0;
      this.tailBytes = 0;
    }
  }

  /** The cloud holds every row up to `rowId` (ids only grow, so a smaller one changes nothing). */
  async markCloudSaved(rowId: number, at: Date): Promise<void> {
    const { db, docName } = this;
    await db.transaction('rw', db.docStates, async () => {
      const state = (await db.docStates.get(docName)) ?? emptyState(docName);
      await db.docStates.put({
        ...state,
        ackedRowId: Math.max(state.ackedRowId, rowId),
        lastCloudSaveAt: at.toISOString(),
      });
    });
  }

  async remember(fields: Partial<Pick<DocStateRow, 'access' | 'title'>>): Promise<void> {
    const { db, docName } = this;
    await db.transaction('rw', db.docStates, async () => {
      const state = (await db.docStates.get(docName)) ?? emptyState(docName);
      await db.docStates.put({ ...state, ...fields });
    });
  }
}
