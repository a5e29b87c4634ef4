import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { encodePersisted } from '@galley/shared/sync/persisted';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Fanout, FanoutMessage } from '../fanout/fanout.ts';
import type { SyncLogger } from '../observability/logger.ts';
import type { SyncMetrics } from '../observability/metrics.ts';
import {
  type AwarenessEntry,
  type ClientFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  parseClientFrame,
  type UpdateSummary,
} from '../protocol/frames.ts';
import type { DocStorage } from '../storage/docStorage.ts';
import { checkUpdateAccess } from './accessCheck.ts';
import { ActivityTally } from './activityTally.ts';
import { encodeAwarenessEntries } from './awarenessGate.ts';
import { AwarenessHolders } from './awarenessHolders.ts';
import { gateChapterAwareness } from './chapterAwarenessGate.ts';
import { DeletionTally } from './deletionTally.ts';
import { beyondDurable, type DurableClocks, extendDurable, mergeDurable } from './durableClocks.ts';
import { mergeUpdatesInGroups } from './mergeUpdatesInGroups.ts';
import type { Connection } from './syncSocket.ts';
import { UpdateBroadcast } from './updateBroadcast.ts';

export interface RoomOptions {
  storage: DocStorage;
  metrics: SyncMetrics;
  log: SyncLogger;
  maxMessageBytes: number;
  /** Snapshot (and compact the log) after this many log entries or bytes since the last snapshot. */
  snapshotEveryEntries: number;
  snapshotEveryBytes: number;
  /** Backoff between failed storage writes: doubles from the first to the cap. */
  retryInitialMs: number;
  retryMaxMs: number;
  /**
   * Group commit: a document's next log write starts at least this long after its previous one, and
   * everything received meanwhile goes in it. The first update after a quiet spell is written at once;
   * a busy document writes a few entries a second instead of one per keystroke, which is what the
   * storage requests (and DynamoDB's bill) scale with. Delays *persisted* by at most this much.
   */
  persistIntervalMs: number;
  /** Editor updates per event-loop turn applied one by one before the rest are batched (default 16; see queueIncoming). */
  appliedAtOncePerTurn?: number;
  /** Other nodes serving the same documents; absent = this node is alone. */
  fanout?: Fanout;
}

/** Transaction origin of changes that came from another node or from storage: never re-published or re-stored. */
const REMOTE = Symbol('remote');
/** Transaction origin of several clients' updates applied together (see applyIncoming). */
const BATCH = Symbol('batch');

/** A client's update as received: applied at the end of the event-loop turn with the others. */
interface IncomingUpdate {
  conn: Connection;
  update: Uint8Array;
  summary: UpdateSummary;
  counter: number;
  receivedAt: number;
}

interface PendingUpdate {
  /** null when the update changed nothing (already known): acknowledged without a write. */
  update: Uint8Array | null;
  from: Connection;
  counter: number;
  receivedAt: number;
}

/**
 * One loaded document and its clients. Updates are applied and broadcast at once; persistence runs
 * behind them as a FIFO of batches (one log entry per batch, written while the next batch collects),
 * and each sender gets *persisted* only after the batch holding its update is stored. If storage
 * fails the room keeps serving, withholds *persisted* and retries the same batch with backoff.
 */
export class DocRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Who may change which caret: see chapterAwarenessGate.ts. */
  private readonly holders = new AwarenessHolders(this.awareness);
  /** Connections already logged for refused awareness (see admitAwareness). */
  private readonly warnedOfAwareness = new WeakSet<Connection>();
  readonly connections = new Set<Connection>();
  private pending: PendingUpdate[] = [];
  /** Editors' live updates of this turn, applied together (see applyIncoming). */
  private incoming: IncomingUpdate[] = [];
  /** Editor updates received in this event-loop turn (see queueIncoming). */
  private appliedThisTurn = 0;
  private flushing: Promise<void> | null = null;
  private lastSeq = 0;
  private entriesSinceSnapshot = 0;
  private bytesSinceSnapshot = 0;
  private failures = 0;
  /** When this room's last log write started (see persistIntervalMs). */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Callers of flush() waiting: the group-commit pause is skipped while any is. */
  private hurrying = 0;
  /** Ends the current group-commit pause early (flush(), close()). */
  private wakeFlush: (() => void) | null = null;
  /** Full state as one update, for clients that arrive with nothing; dropped on every change. */
  private fullState: Uint8Array | null = null;
  private destroyed = false;
  /** What storage holds (by any node); clients are asked for everything beyond it. See durableClocks.ts. */
  private readonly durable: DurableClocks = new Map();
  private unsubscribe: (() => Promise<void>) | null = null;
  private catchUpTimer: NodeJS.Timeout | null = null;
  /**
   * Set when an append of ours got a sequence number beyond the next one: someone else wrote to the
   * log (the api restoring a version, or another node). Without fan-out nothing else tells this room,
   * so it reads the log before its next snapshot, which would otherwise compact that entry away.
   */
  private othersAppended = false;
  /** Yjs client ids whose user this room has recorded (or is recording) in storage. */
  private readonly knownAuthors = new Set<number>();
  /** Set when close() starts: the registry then sends newcomers to a fresh instance. */
  closing = false;
  /** Who stored how many changes today: the book's activity (best effort, written every few seconds). */
  private readonly activity: ActivityTally;
  /** Who deleted what: read by version comparisons (best effort, written every few seconds). */
  private readonly deletions: DeletionTally;
  /** Sends document updates to the connections, merging those that arrive in one turn. */
  private readonly broadcast = new UpdateBroadcast(this.connections, (conn, frame) => this.send(conn, frame));

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    // Before the listener: the room's own client id keeps its clock, so no connection can claim it.
    this.awareness.setLocalState(null);
    this.activity = new ActivityTally(name, options.storage, (error) =>
      options.log.warn(
        { err: error, doc: name },
        'recording activity failed; the counts are kept for the next try',
      ),
    );
    this.deletions = new DeletionTally(name, this.doc, this.connections, options.storage, (error) =>
      options.log.warn({ err: error, doc: name }, 'recording deletions failed; kept for the next try'),
    );
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullState = null;
      this.broadcast.add(update, origin);
      if (origin !== REMOTE && origin !== this)
        this.options.fanout?.publish(this.name, { kind: 'update', payload: update });
    });
    this.awareness.on(
      'update',
      ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
        const changed = [...added, ...updated, ...removed];
        const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
        for (const conn of this.connections) this.send(conn, frame);
        this.holders.forget(removed);
      },
    );
  }

  static async load(name: string, options: RoomOptions): Promise<DocRoom> {
    const room = new DocRoom(name, options);
    // Subscribe before reading storage: what other nodes publish meanwhile is held and applied after.
    let early: FanoutMessage[] | null = [];
    if (options.fanout) {
      room.unsubscribe = await options.fanout.subscribe(name, (message) => {
        if (early) early.push(message);
        else room.applyRemote(message);
      });
    }
    try {
      const loaded = await options.storage.load(name);
      room.doc.transact(() => {
        if (loaded.snapshot) Y.applyUpdate(room.doc, loaded.snapshot);
        for (const update of loaded.updates) Y.applyUpdate(room.doc, update);
      }, room);
      for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(room.doc))) {
        room.durable.set(client, clock);
      }
      room.lastSeq = loaded.lastSeq;
      room.entriesSinceSnapshot = loaded.updates.length;
      room.bytesSinceSnapshot = loaded.updates.reduce((n, u) => n + u.byteLength, 0);
    } catch (error) {
      await room.unsubscribe?.();
      throw error;
    }
    const held = early;
    early = null;
    for (const message of held) room.applyRemote(message);
    return room;
  }

  /** Applies what another node published; its clients persisted it there, so it is not stored again. */
  applyRemote(message: FanoutMessage): void {
    if (this.destroyed) return;
    try {
      if (message.kind === 'stored') mergeDurable(this.durable, Y.decodeStateVector(message.payload));
      else if (message.kind === 'update') {
        Y.applyUpdate(this.doc, message.payload, REMOTE);
        if (this.doc.store.pendingStructs || this.doc.store.pendingDs) this.catchUpSoon();
      } else awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, REMOTE);
    } catch (error) {
      this.options.log.warn({ err: error, doc: this.name }, 'ignored a malformed fan-out message');
    }
  }

  /**
   * A fan-out update that cannot be integrated depends on one this node never got. After Redis comes
   * back, the other node's publisher and this node's subscriber reconnect at different moments, so the
   * catch-up on resume can run before an update lost in between was stored (found by
   * tests/fault/redisRestart.test.ts). Reading the log then repairs it; one read at a time.
   */
  private catchUpSoon(): void {
    if (this.catchUpTimer || this.destroyed) return;
    this.catchUpTimer = setTimeout(() => {
      if (this.destroyed) return;
      void this.catchUp()
        .catch((error) => this.options.log.warn({ err: error, doc: this.name }, 'catch-up failed'))
        .finally(() => {
          this.catchUpTimer = null;
        });
    }, CATCH_UP_DELAY_MS);
    this.catchUpTimer.unref();
  }

  /**
   * Re-reads the log and applies it: after the fan-out lost messages (Redis restarted), and before a
   * snapshot when other nodes write to the same log, so the snapshot really covers every entry up to
   * the sequence it claims.
   */
  async catchUp(): Promise<number> {
    const loaded = await this.options.storage.load(this.name);
    this.doc.transact(() => {
      if (loaded.snapshot) Y.applyUpdate(this.doc, loaded.snapshot);
      for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
    }, REMOTE);
    if (loaded.snapshot) extendDurable(this.durable, loaded.snapshot);
    for (const update of loaded.updates) extendDurable(this.durable, update);
    this.lastSeq = Math.max(this.lastSeq, loaded.lastSeq);
    this.othersAppended = false;
    return loaded.lastSeq;
  }

  join(conn: Connection): void {
    this.connections.add(conn);
    // Asks for everything storage lacks, not only what this node lacks: see durableClocks.ts.
    this.send(conn, encodeSyncStep1(this.durable));
    if (this.awareness.getStates().size > 0) {
      const ids = [...this.awareness.getStates().keys()];
      this.send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    }
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      const ids = [...conn.awarenessIds];
      // Encoded first: the removal makes the room forget these ids' clocks (AwarenessHolders.forget).
      const removal = encodeAwarenessEntries(
        ids.map((clientId) => ({
          clientId,
          clock: this.awareness.meta.get(clientId)?.clock ?? 0,
          state: null,
        })),
      );
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
      this.options.fanout?.publish(this.name, { kind: 'awareness', payload: removal });
    }
  }

  /** Handles one raw frame from `conn`. Never throws: anything wrong closes that connection only. */
  receive(conn: Connection, data: Uint8Array): void {
    if (!this.connections.has(conn)) return;
    const parsed = parseClientFrame(data, this.options.maxMessageBytes);
    if (!parsed.ok) {
      this.options.metrics.updatesRefused.inc({ reason: parsed.error.reason });
      this.refuse(conn, parsed.error.code, parsed.error.reason);
      return;
    }
    try {
      this.handle(conn, parsed.frame);
    } catch (error) {
      this.options.log.error({ err: error, doc: this.name, user: conn.userId }, 'frame handling failed');
      this.refuse(conn, SyncCloseCode.internalError, 'internal_error');
    }
  }

  private handle(conn: Connection, frame: ClientFrame): void {
    if (frame.type === 'update' && conn.access === 'edit') {
      this.queueIncoming(conn, frame.update, frame.summary);
      return;
    }
    // Anything else sees (and a narrower client's update is checked against) every update before it.
    this.applyIncoming();
    switch (frame.type) {
      case 'syncStep1':
        this.send(conn, this.syncStep2For(frame.stateVector));
        return;
      case 'update':
      case 'syncStep2':
        this.applyClientUpdate(conn, frame.update, frame.summary);
        return;
      case 'awareness':
        this.admitAwareness(conn, frame.entries);
        return;
      case 'queryAwareness': {
        const ids = [...this.awareness.getStates().keys()];
        this.send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
        return;
      }
      case 'authToken':
        conn.renewToken?.(frame.token);
        return;
    }
  }

  /**
   * Applies and relays (here and to other nodes) only the entries chapterAwarenessGate.ts lets through,
   * re-encoded from what it parsed; refusals are counted and the connection stays.
   */
  private admitAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    const { accepted, refused } = gateChapterAwareness(entries, {
      userId: conn.userId,
      owned: conn.awarenessIds,
      knownClock: (id) => this.holders.barringClock(conn, id),
    });
    for (const reason of refused) this.options.metrics.updatesRefused.inc({ reason });
    // Once per connection: a client that keeps sending refused states must not flood the logs (the
    // metric counts every one).
    if (refused.length > 0 && !this.warnedOfAwareness.has(conn)) {
      this.warnedOfAwareness.add(conn);
      this.options.log.warn({ doc: this.name, user: conn.userId, refused }, 'awareness entries dropped');
    }
    if (accepted.length === 0) return;
    this.holders.claim(conn, accepted);
    const payload = encodeAwarenessEntries(accepted);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, conn);
    this.options.fanout?.publish(this.name, { kind: 'awareness', payload });
  }

  /**
   * A fresh client (empty state vector) gets the whole document; encoding that is the cost of a cold
   * open, so it is done once per version of the document rather than once per client.
   */
  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (!empty) return encodeSyncStep2(this.doc, stateVector);
    this.fullState ??= encodeSyncStep2(this.doc);
    return this.fullState;
  }

  /** `arrival`: the update's *persisted* number and arrival time, when it was numbered as it was queued. */
  private applyClientUpdate(
    conn: Connection,
    update: Uint8Array,
    summary: UpdateSummary,
    arrival: Pick<IncomingUpdate, 'counter' | 'receivedAt'> = { counter: ++conn.received, receivedAt: now() },
  ): void {
    const verdict = checkUpdateAccess(this.doc, update, conn.access);
    if (!verdict.ok) {
      this.options.metrics.updatesRefused.inc({ reason: verdict.reason });
      this.options.log.warn({ doc: this.name, user: conn.userId, reason: verdict.reason }, 'update refused');
      const code = verdict.reason === 'malformed_update' ? SyncCloseCode.badRequest : SyncCloseCode.forbidden;
      this.refuse(conn, code, verdict.reason);
      return;
    }
    let changed = false;
    const markChanged = () => {
      changed = true;
    };
    this.doc.on('update', markChanged);
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (error) {
      this.refuseUnappliable(conn, error);
      return;
    } finally {
      this.doc.off('update', markChanged);
    }
    this.options.metrics.updatesReceived.inc();
    this.admitApplied({ conn, update, summary, ...arrival }, changed);
  }

  /**
   * The frame parser decoded the update completely, so this is one that only breaks against this
   * document's state. Refuse it rather than let the exception reach the socket handler; nothing of
   * it is stored.
   */
  private refuseUnappliable(conn: Connection, error: unknown): void {
    this.options.metrics.updatesRefused.inc({ reason: 'malformed_update' });
    this.options.log.warn({ err: error, doc: this.name, user: conn.userId }, 'update failed to apply');
    this.refuse(conn, SyncCloseCode.badRequest, 'malformed_update');
  }

  /** Records the authors of an applied update and queues it (or only its ack) for the log. */
  private admitApplied(item: IncomingUpdate, changed: boolean): void {
    const { conn, update, summary } = item;
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
    if (changed) this.recordAuthors(conn, summary);
    // Store the update as the client sent it (not the integrated part) so anything waiting on a missing
    // dependency is durable too. An update that changed nothing needs no write, only its ack in order,
    // unless it holds what storage may lack (fanned out here by a node that died before storing it).
    // Deletions are not in state vectors, so an update with any is stored again: in practice a
    // reconnecting client's sync step 2 (its whole delete set), one small log entry per reconnect.
    const store =
      changed || pending || beyondDurable(this.durable, summary) || summary.deletes ? update : null;
    this.pending.push({ update: store, from: conn, counter: item.counter, receivedAt: item.receivedAt });
    this.scheduleFlush();
  }

  /**
   * The first APPLIED_AT_ONCE_PER_TURN editor updates of an event-loop turn are applied at once (a
   * typist, or a handful of people on a chapter, never waits); beyond that the turn's updates are
   * held and applied together when it ends (applyIncoming).
   */
  private queueIncoming(conn: Connection, update: Uint8Array, summary: UpdateSummary): void {
    if (this.appliedThisTurn === 0) {
      setImmediate(() => {
        this.appliedThisTurn = 0;
        this.applyIncoming();
      });
    }
    const atOnce = this.options.appliedAtOncePerTurn ?? APPLIED_AT_ONCE_PER_TURN;
    if (this.appliedThisTurn < atOnce && this.incoming.length === 0) {
      this.appliedThisTurn += 1;
      this.applyClientUpdate(conn, update, summary);
      return;
    }
    this.appliedThisTurn += 1;
    this.incoming.push({ conn, update, summary, counter: ++conn.received, receivedAt: now() });
  }

  /**
   * Applies the editors' updates that arrived in one event-loop turn in one Yjs transaction. Every
   * transaction costs work in proportion to the clients the document has ever had (Yjs takes a state
   * vector before and after, and encodes the change for observers), so fifty writers on one chapter
   * applying one transaction each spent most of the server's time there (bench W4); together they
   * cost one, and go out as one update frame. Only edit access is batched: narrower access is checked
   * against the document as each update finds it.
   *
   * Per update, it still tells what changed (structs beyond this document's clocks, found from the
   * parser's summary before applying; deletions, from what the update added to the transaction's
   * delete set) and credits those deletions to the sender, as a transaction of its own would.
   */
  private applyIncoming(): void {
    const batch = this.incoming;
    if (batch.length === 0 || this.destroyed) return;
    this.incoming = [];
    if (batch.length === 1) {
      const [only] = batch as [IncomingUpdate];
      this.applyClientUpdate(only.conn, only.update, only.summary, {
        counter: only.counter,
        receivedAt: only.receivedAt,
      });
      return;
    }
    const applied: { item: IncomingUpdate; changed: boolean }[] = [];
    this.doc.transact((transaction) => {
      for (const item of batch) {
        const store = this.doc.store;
        let inserts = false;
        for (const [client, end] of item.summary.ends) if (Y.getState(store, client) < end) inserts = true;
        const completesPending = store.pendingDs !== null;
        const mark = deleteSetMark(transaction);
        try {
          Y.applyUpdate(this.doc, item.update, item.conn);
        } catch (error) {
          this.refuseUnappliable(item.conn, error);
          continue;
        }
        const deleted = deletedSince(transaction, mark);
        // As DeletionTally does for a transaction of its own: deletions of text that only arrived now
        // may have been sent by someone else earlier, so they name nobody.
        if (deleted.size > 0 && !completesPending) this.deletions.credit(item.conn.userId, deleted);
        applied.push({ item, changed: inserts || deleted.size > 0 });
      }
    }, BATCH);
    this.options.metrics.updatesReceived.inc(applied.length);
    for (const { item, changed } of applied) this.admitApplied(item, changed);
  }

  /**
   * Records which user writes with the Yjs client ids whose items this update carries, once per id
   * per room, so version comparisons can say who inserted what. The first sender of an id claims it:
   * an id is random per editor session, and a client relays another's items only after a node lost
   * them before storing them (then the real author's claim, made when it first sent them, stands).
   * Best effort: a failed write loses an attribution, never an update; the id is retried next time.
   */
  private recordAuthors(conn: Connection, summary: UpdateSummary): void {
    const clients = [...summary.ends.keys()].filter((id) => !this.knownAuthors.has(id));
    if (clients.length === 0) return;
    for (const id of clients) this.knownAuthors.add(id);
    this.options.storage.recordAuthors(this.name, conn.userId, clients).catch((error) => {
      for (const id of clients) this.knownAuthors.delete(id);
      this.options.log.warn(
        { err: error, doc: this.name },
        'recording authors failed; retried on their next update',
      );
    });
  }

  private scheduleFlush(): void {
    if (this.flushing || this.destroyed) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flushLoop())
      .finally(() => {
        this.flushing = null;
      });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0 && !this.destroyed) {
      await this.groupCommitPause();
      if (this.destroyed) break;
      const batch = this.takeBatch();
      const updates = batch.flatMap((p) => (p.update ? [p.update] : []));
      try {
        if (updates.length > 0) {
          const merged = mergeUpdatesInGroups(updates);
          const startedAt = now();
          this.lastWriteAt = startedAt;
          const seq = await this.options.storage.append(this.name, merged);
          if (seq !== this.lastSeq + 1) this.othersAppended = true;
          this.lastSeq = Math.max(this.lastSeq, seq);
          this.options.metrics.persistLatency.observe((now() - startedAt) / 1000);
          const advanced = extendDurable(this.durable, merged);
          if (advanced.size > 0) {
            this.options.fanout?.publish(this.name, {
              kind: 'stored',
              payload: Y.encodeStateVector(advanced),
            });
          }
          this.entriesSinceSnapshot += 1;
          this.bytesSinceSnapshot += merged.byteLength;
          const storedAt = Date.now();
          for (const p of batch) if (p.update) this.activity.add(p.from.userId, 1, storedAt);
        }
        this.failures = 0;
        this.acknowledge(batch);
      } catch (error) {
        this.pending = [...batch, ...this.pending];
        this.failures += 1;
        this.options.metrics.persistFailures.inc();
        const delay = Math.min(
          this.options.retryMaxMs,
          this.options.retryInitialMs * 2 ** (this.failures - 1),
        );
        this.options.log.warn({ err: error, doc: this.name, retryInMs: delay }, 'persist failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    if (this.othersAppended && !this.options.fanout && !this.destroyed) {
      // Brings what another writer appended to this room's editors now, not at the next reload.
      await this.catchUp().catch((error) =>
        this.options.log.warn({ err: error, doc: this.name }, 'catch-up failed; retried before the snapshot'),
      );
    }
    if (
      this.entriesSinceSnapshot >= this.options.snapshotEveryEntries ||
      this.bytesSinceSnapshot >= this.options.snapshotEveryBytes
    ) {
      await this.snapshot().catch((error) =>
        this.options.log.warn(
          { err: error, doc: this.name },
          'snapshot failed; the log still has everything',
        ),
      );
    }
  }

  /**
   * Waits until persistIntervalMs after the last write began, unless nothing waiting needs a write
   * (acknowledging already-known updates costs no request), someone is waiting on flush(), or a full
   * batch is already waiting: a document receiving more than a batch per interval would otherwise fall
   * further behind with every write (bench W4 found that).
   */
  private async groupCommitPause(): Promise<void> {
    const wait = this.options.persistIntervalMs - (now() - this.lastWriteAt);
    if (wait <= 0 || this.hurrying > 0 || this.pending.length >= MAX_BATCH_UPDATES) return;
    let bytes = 0;
    for (const p of this.pending) bytes += p.update?.byteLength ?? 0;
    if (bytes === 0 || bytes >= MAX_BATCH_BYTES) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(wake, wait);
      function wake() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeFlush = wake;
    });
    this.wakeFlush = null;
  }

  /**
   * The next log entry's worth of updates. Bounded, because merging is superlinear in the number of
   * updates: after a slow write, tens of thousands may be waiting (a client replaying a long offline
   * session), and one giant merge would stall every document on this node.
   */
  private takeBatch(): PendingUpdate[] {
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length && count < MAX_BATCH_UPDATES && bytes < MAX_BATCH_BYTES) {
      bytes += this.pending[count]!.update?.byteLength ?? 0;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  private acknowledge(batch: PendingUpdate[]): void {
    const upTo = new Map<Connection, PendingUpdate>();
    for (const p of batch) upTo.set(p.from, p);
    const at = now();
    for (const p of batch) {
      const seconds = (at - p.receivedAt) / 1000;
      this.options.metrics.receiveToPersisted.observe(seconds);
      this.options.metrics.receiveToPersistedQuantiles.observe(seconds);
    }
    for (const [conn, last] of upTo) {
      if (last.counter <= conn.persistedUpTo) continue;
      conn.persistedUpTo = last.counter;
      this.send(conn, encodePersisted(last.counter));
    }
  }

  /** Updates received but not yet stored (a write in flight or waiting for storage to come back). */
  get hasUnpersisted(): boolean {
    return this.flushing !== null || this.pending.length > 0;
  }

  /** Resolves once everything received so far is stored (waits through retries while storage is down). */
  async flush(): Promise<void> {
    this.applyIncoming();
    this.hurrying += 1;
    this.wakeFlush?.();
    try {
      while (this.flushing || this.pending.length > 0) {
        if (!this.flushing) this.scheduleFlush();
        await this.flushing;
      }
    } finally {
      this.hurrying -= 1;
    }
  }

  /** Writes the merged state as a snapshot covering the log so far; the storage compacts behind it. */
  async snapshot(): Promise<void> {
    if (this.lastSeq === 0 || this.entriesSinceSnapshot === 0) return;
    const upTo = this.options.fanout || this.othersAppended ? await this.catchUp() : this.lastSeq;
    const entries = this.entriesSinceSnapshot;
    const bytes = this.bytesSinceSnapshot;
    const covered = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    await this.options.storage.writeSnapshot(this.name, Y.encodeStateAsUpdate(this.doc), upTo);
    mergeDurable(this.durable, covered);
    this.entriesSinceSnapshot -= entries;
    this.bytesSinceSnapshot -= bytes;
  }

  /** Closes every client with `code` (after persisting) and frees the document. */
  async close(code: number, reason: string): Promise<void> {
    this.closing = true;
    await this.flush();
    this.broadcast.flush();
    await this.activity.flush();
    await this.deletions.flush();
    await this.snapshot().catch((error) =>
      this.options.log.warn(
        { err: error, doc: this.name },
        'snapshot on close failed; the log still has everything',
      ),
    );
    for (const conn of [...this.connections]) {
      this.leave(conn);
      conn.socket.close(code, reason);
    }
    this.destroyed = true;
    await this.unsubscribe?.().catch(() => undefined);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Stops at once without persisting: what a crash does. For fault tests and drills. */
  abandon(): void {
    this.destroyed = true;
    this.closing = true;
    this.awareness.destroy();
  }

  /** Sends permission-denied with the reason, then closes; the room forgets the connection. */
  refuse(conn: Connection, code: number, reason: string): void {
    this.options.metrics.closes.inc({ code: String(code) });
    this.send(conn, encodePermissionDenied(reason));
    this.leave(conn);
    if (conn.socket.isOpen()) conn.socket.close(code, reason);
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (conn.socket.isOpen()) conn.socket.send(frame);
  }
}

const now = () => performance.now();
const MAX_BATCH_UPDATES = 500;
/** Well above what one chapter's editors send in a turn; W4's fifty writers send far more. */
const APPLIED_AT_ONCE_PER_TURN = 16;
const MAX_BATCH_BYTES = 256 * 1024;
/** Lets the missing update's own write land first (it is usually in flight on the other node). */
const CATCH_UP_DELAY_MS = 200;

/** How many ranges each client has in the transaction's delete set so far. */
function deleteSetMark(transaction: Y.Transaction): Map<number, number> {
  const mark = new Map<number, number>();
  for (const [client, ranges] of transaction.deleteSet.clients) mark.set(client, ranges.length);
  return mark;
}

/** The ranges added to the transaction's delete set since `mark` (Yjs appends, and sorts at the end). */
function deletedSince(
  transaction: Y.Transaction,
  mark: Map<number, number>,
): Map<number, { clock: number; len: number }[]> {
  const added = new Map<number, { clock: number; len: number }[]>();
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const from = mark.get(client) ?? 0;
    if (ranges.length > from) added.set(client, ranges.slice(from));
  }
  return added;
}
