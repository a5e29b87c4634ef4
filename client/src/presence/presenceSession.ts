import { type PresenceState, presenceDocName } from '@galley/shared/sync/presence';
import type { SyncTokenResponse } from '@galley/shared/sync/syncToken';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ChapterSync } from '../editor/sync/chapterSync.ts';
import { CloudSaveTracker } from '../editor/sync/cloudSaveTracker.ts';
import { type PresentPerson, presentPeople } from './presentPeople.ts';

export interface PresenceSnapshot {
  /** True only while connected and synced: otherwise the list would show who was here, not who is. */
  live: boolean;
  people: PresentPerson[];
}

export interface PresenceSessionOptions {
  bookId: string;
  /** What this tab announces from the first frame on. */
  state: PresenceState;
  requestToken(): Promise<SyncTokenResponse>;
}

/**
 * This tab on its book's presence channel (shared/src/sync/presence.ts). The connection is a
 * ChapterSync like a chapter's, so tokens, renewal, close codes and offline/online behave the same;
 * its Y.Doc stays empty and only the awareness matters. `subscribe`/`snapshot` feed
 * useSyncExternalStore.
 */
export class PresenceSession {
  private readonly doc = new Y.Doc();
  private readonly awareness = new Awareness(this.doc);
  private readonly sync: ChapterSync;
  private current: PresenceSnapshot = { live: false, people: [] };
  private readonly listeners = new Set<() => void>();
  private wasConnected = false;
  private closed = false;

  constructor(private readonly options: PresenceSessionOptions) {
    this.awareness.setLocalState(options.state);
    this.awareness.on('change', this.changed);
    this.sync = new ChapterSync({
      doc: this.doc,
      awareness: this.awareness,
      docName: presenceDocName(options.bookId),
      // Nothing is ever sent to be stored here; the tracker only satisfies ChapterSync.
      tracker: new CloudSaveTracker(),
      requestToken: options.requestToken,
      onChange: this.onConnectionChange,
      onAccess: () => undefined,
      onCloudSaved: () => undefined,
    });
  }

  start(): void {
    this.sync.start();
  }

  /** Announces where this tab is now (a chapter opened, edit access arrived, a renamed profile). */
  announce(state: PresenceState): void {
    if (this.closed) return;
    this.awareness.setLocalState(state);
  }

  destroy(): void {
    this.closed = true;
    this.awareness.off('change', this.changed);
    this.sync.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): PresenceSnapshot => this.current;

  private readonly onConnectionChange = () => {
    const connected = this.sync.phase === 'connected';
    if (connected && !this.wasConnected) {
      // Everyone else still holds our last clock from before the disconnect (y-protocols keeps it), so
      // re-sending the same state would be ignored until the 15-second renewal: bump it now.
      const state = this.awareness.getLocalState();
      if (state) this.awareness.setLocalState({ ...state });
    }
    this.wasConnected = connected;
    this.changed();
  };

  private readonly changed = () => {
    if (this.closed) return;
    const live = this.sync.phase === 'connected' && this.sync.synced;
    const people = live
      ? presentPeople(
          [...this.awareness.getStates()]
            .filter(([clientId]) => clientId !== this.doc.clientID)
            .map(([, state]) => state),
          this.options.state.user.id,
        )
      : [];
    this.current = { live, people };
    for (const listener of this.listeners) listener();
  };
}
