/**
 * The status line's one rule: say only what is true. Derived from facts, never from timers.
 *
 * - "Saving…" while a change is not yet committed to IndexedDB;
 * - "Not syncing: …" when the server refused us for good (the text stays on this device);
 * - "Offline — N changes waiting" when there is no connection and changes the cloud has not confirmed;
 * - "Saved on this device" when there is no connection and nothing is waiting on the device's side;
 * - "Syncing…" while connected with changes or frames the server has not acknowledged yet;
 * - "Saved to cloud" only when the *persisted* acknowledgements cover every frame sent on this
 *   connection and every local change (see CloudSaveTracker).
 */
export type ConnectionPhase = 'offline' | 'connecting' | 'connected' | 'stopped';

export interface SyncFacts {
  /** Local changes handed to IndexedDB whose transaction has not committed. */
  localWritesInFlight: number;
  connection: ConnectionPhase;
  /** The server's sync step 2 arrived on this connection. */
  synced: boolean;
  /** Local changes the cloud has not confirmed. */
  waiting: number;
  /** Every counted frame of this connection is acknowledged (and the step 2 went out). */
  connectionSettled: boolean;
  /** Epoch ms of the last acknowledgement that left nothing waiting; null if never. */
  lastCloudSaveAt: number | null;
  /** Why the server stopped us, for `stopped`. */
  stopReason?: string;
}

export type SyncStatusKind = 'saving' | 'stopped' | 'offline' | 'local' | 'syncing' | 'cloud';

export interface SyncStatus {
  kind: SyncStatusKind;
  text: string;
}

export function changesWaiting(n: number): string {
  return n === 1 ? '1 change waiting' : `${n} changes waiting`;
}

export function syncStatus(facts: SyncFacts): SyncStatus {
  if (facts.localWritesInFlight > 0) return { kind: 'saving', text: 'Saving…' };
  if (facts.connection === 'stopped') {
    const why = facts.stopReason ?? 'the server refused this connection';
    const waiting = facts.waiting > 0 ? ` — ${changesWaiting(facts.waiting)} on this device` : '';
    return { kind: 'stopped', text: `Not syncing: ${why}${waiting}` };
  }
  if (facts.connection !== 'connected' || !facts.synced) {
    if (facts.waiting > 0 && facts.connection !== 'connected')
      return { kind: 'offline', text: `Offline — ${changesWaiting(facts.waiting)}` };
    if (facts.connection === 'connected') return { kind: 'syncing', text: 'Syncing…' };
    return { kind: 'local', text: 'Saved on this device' };
  }
  if (facts.waiting > 0 || !facts.connectionSettled) return { kind: 'syncing', text: 'Syncing…' };
  return { kind: 'cloud', text: 'Saved to cloud' };
}
