import { chapterDocName } from '@galley/shared/sync/protocol';
import type { SyncAccess, SyncTokenResponse } from '@galley/shared/sync/syncToken';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { GalleyDb } from '../offline/db.ts';
import { LocalDocLog } from '../offline/localDocLog.ts';
import { noteChapterClosed, noteChapterOpen } from './openChapterSessions.ts';
import { ChapterSync, isRemoteOrigin } from './sync/chapterSync.ts';
import { CloudSaveTracker } from './sync/cloudSaveTracker.ts';
import { type SyncStatus, syncStatus } from './sync/syncStatus.ts';

/** Origin of the updates replayed from IndexedDB when a chapter opens: neither new nor remote. */
export const LOCAL_REPLAY_ORIGIN = Symbol('galley-local-replay');

export interface ChapterSnapshot {
  status: SyncStatus;
  /** Null until a sync token (or the device's memory of the last one) says. */
  access: SyncAccess | null;
  lastCloudSaveAt: Date | null;
  /** A write to IndexedDB failed: the text is only in this tab. */
  deviceError: string | null;
}

export interface ChapterSessionModelOptions {
  db: GalleyDb;
  bookId: string;
  chapterId: string;
  requestToken(): Promise<SyncTokenResponse>;
}

/**
 * Everything about one open chapter that is not React: the Y.Doc, filled from IndexedDB first (so it
 * opens with no network), every update written to the device's log, the connection to the sync
 * server, and the facts the status line is computed from. `subscribe`/`snapshot` feed
 * useSyncExternalStore.
 */
export class ChapterSessionModel {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly docName: string;
  readonly ids: { bookId: string; chapterId: string };
  /** The chapter's title as last seen online, for opening offline. */
  cachedTitle: string | null = null;
  sync: ChapterSync | null = null;

  private log: LocalDocLog | null = null;
  private tracker = new CloudSaveTracker();
  /** Local change number → the id of its row, once written. */
  private readonly rowOfChange = new Map<number, Promise<number>>();
  private localWritesInFlight = 0;
  private access: SyncAccess | null = null;
  private lastCloudSaveAt: Date | null = null;
  private deviceError: string | null = null;
  private current: ChapterSnapshot;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: ChapterSessionModelOptions) {
    this.docName = chapterDocName(options.bookId, options.chapterId);
    this.ids = { bookId: options.bookId, chapterId: options.chapterId };
    this.current = this.compute();
  }

  /** Loads the device's copy into the doc. Resolves once the text is there (before any network). */
  async open(): Promise<void> {
    const { log, opened } = await LocalDocLog.open(this.options.db, this.docName);
    if (this.closed) return;
    this.log = log;
    Y.transact(
      this.doc,
      () => {
        for (const update of opened.updates) Y.applyUpdate(this.doc, update);
      },
      LOCAL_REPLAY_ORIGIN,
    );
    this.tracker = new CloudSaveTracker(opened.pending);
    this.access = opened.state.access;
    this.cachedTitle = opened.state.title;
    this.lastCloudSaveAt = opened.state.lastCloudSaveAt ? new Date(opened.state.lastCloudSaveAt) : null;
    // Registered before the provider exists, so a change is numbered before the provider sends it.
    this.doc.on('update', this.onUpdate);
    this.sync = new ChapterSync({
      doc: this.doc,
      awareness: this.awareness,
      docName: this.docName,
      tracker: this.tracker,
      requestToken: this.options.requestToken,
      onChange: () => this.changed(),
      onAccess: (access) => {
        this.access = access;
        void log.remember({ access });
        this.changed();
      },
      onCloudSaved: () => void this.recordCloudSave(),
    });
    noteChapterOpen(this);
    this.changed();
  }

  /** Starts syncing (after the editor is bound, so the first remote state renders into it). */
  connect(): void {
    this.sync?.start();
  }

  rememberTitle(title: string): void {
    void this.log?.remember({ title });
  }

  close(): void {
    this.closed = true;
    noteChapterClosed(this);
    this.doc.off('update', this.onUpdate);
    this.sync?.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): ChapterSnapshot => this.current;

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    const log = this.log;
    if (!log || origin === LOCAL_REPLAY_ORIGIN) return;
    if (isRemoteOrigin(origin)) {
      // Kept on the device so the chapter opens offline as the others left it; nothing to confirm.
      void log.append(update, 0).catch((error) => this.failedOnDevice(error));
      return;
    }
    const change = this.tracker.localChange();
    this.localWritesInFlight += 1;
    const written = log.append(update, 1);
    this.rowOfChange.set(change, written);
    written
      .catch((error) => this.failedOnDevice(error))
      .finally(() => {
        this.localWritesInFlight -= 1;
        this.changed();
      });
    this.changed();
  };

  private async recordCloudSave(): Promise<void> {
    const covered = this.tracker.coveredLocalSeq;
    const log = this.log;
    if (!log) return;
    let rowId = log.baselineRowId;
    if (covered > 0) {
      rowId = await (this.rowOfChange.get(covered) ?? Promise.resolve(0)).catch(() => 0);
      for (const change of this.rowOfChange.keys()) if (change <= covered) this.rowOfChange.delete(change);
    }
    if (this.tracker.waiting === 0) this.lastCloudSaveAt = new Date();
    if (rowId > 0) await log.markCloudSaved(rowId, this.lastCloudSaveAt ?? new Date()).catch(() => {});
    this.changed();
  }

  private failedOnDevice(error: unknown): void {
    console.error('Could not write the chapter to IndexedDB', error);
    this.deviceError =
      'This device could not store your latest changes. Keep this tab open until they reach the cloud.';
    this.changed();
  }

  private compute(): ChapterSnapshot {
    const sync = this.sync;
    return {
      status: syncStatus({
        localWritesInFlight: this.localWritesInFlight,
        connection: sync?.phase ?? 'offline',
        synced: sync?.synced ?? false,
        waiting: this.tracker.waiting,
        connectionSettled: this.tracker.connectionSettled,
        lastCloudSaveAt: this.lastCloudSaveAt?.getTime() ?? null,
        ...(sync?.stopReason ? { stopReason: sync.stopReason } : {}),
      }),
      access: this.access,
      lastCloudSaveAt: this.lastCloudSaveAt,
      deviceError: this.deviceError,
    };
  }

  private changed(): void {
    if (this.closed) return;
    this.current = this.compute();
    for (const listener of this.listeners) listener();
  }
}
