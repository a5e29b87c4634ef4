import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
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
  encodeSyncStep2,
  parseClientFrame,
} from '../protocol/frames.ts';
import { encodeAwarenessEntries, gatePresence } from './presenceGate.ts';
import type { Connection } from './syncSocket.ts';

export interface PresenceRoomOptions {
  metrics: SyncMetrics;
  log: SyncLogger;
  maxMessageBytes: number;
  /** Other nodes; absent = this node is alone. */
  fanout?: Fanout;
}

/** Origin of awareness that another node published: relayed to our clients, never published back. */
const REMOTE = Symbol('remote');
/** Origin of the removals made when a connection leaves: published, so other nodes drop them too. */
const LEFT = Symbol('left');

/**
 * A book's presence channel (`book/<bookId>/presence`, see shared/src/sync/presence.ts): awareness
 * only. Its Y.Doc stays empty forever: sync step 1 is answered with nothing, an update with content is
 * refused with 4403, and nothing is loaded or stored. Awareness goes through presenceGate.ts, so each
 * connection announces one client id whose state names the token's user.
 */
export class PresenceRoom {
  /** Empty; the Awareness needs one, and it answers the provider's sync step 1. */
  private readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** Client id → the local connection that announced it. */
  private readonly owners = new Map<number, Connection>();
  /** Connections already logged for refused presence entries. */
  private readonly warnedOfAwareness = new WeakSet<Connection>();
  private unsubscribe: (() => Promise<void>) | null = null;
  closed = false;

  private constructor(
    readonly name: string,
    private readonly options: PresenceRoomOptions,
  ) {
    // Before the listener: the room's own client id keeps its clock, so no connection can claim it.
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
        const payload = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [
          ...added,
          ...updated,
          ...removed,
        ]);
        const frame = encodeAwareness(payload);
        for (const conn of this.connections) this.send(conn, frame);
        // Timeouts (origin 'timeout') are not published: every node times out stale states itself, and
        // a slow renewal seen here must not erase a client that is alive on its own node.
        if (origin === LEFT || this.isLocal(origin)) {
          this.options.fanout?.publish(this.name, { kind: 'awareness', payload });
        }
        this.forget(removed);
        // A client appeared on another node. That node's room may be new and know nothing of ours
        // (awareness is never stored), so ours are published again; the clocks stop it echoing.
        if (origin === REMOTE && added.length > 0 && this.owners.size > 0) {
          this.options.fanout?.publish(this.name, {
            kind: 'awareness',
            payload: awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.owners.keys()]),
          });
        }
      },
    );
  }

  static async open(name: string, options: PresenceRoomOptions): Promise<PresenceRoom> {
    const room = new PresenceRoom(name, options);
    if (options.fanout) {
      room.unsubscribe = await options.fanout.subscribe(name, (message) => room.applyRemote(message));
    }
    return room;
  }

  join(conn: Connection): void {
    this.connections.add(conn);
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length > 0) {
      this.send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    }
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], LEFT);
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
      this.options.log.error({ err: error, doc: this.name, user: conn.userId }, 'presence frame failed');
      this.refuse(conn, SyncCloseCode.internalError, 'internal_error');
    }
  }

  /** Applies what another node's clients announced (that node gated them). */
  applyRemote(message: FanoutMessage): void {
    if (this.closed || message.kind !== 'awareness') return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, REMOTE);
    } catch (error) {
      this.options.log.warn({ err: error, doc: this.name }, 'ignored a malformed fan-out message');
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.unsubscribe?.().catch(() => undefined);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private handle(conn: Connection, frame: ClientFrame): void {
    switch (frame.type) {
      case 'syncStep1':
        // The provider counts itself synced on our step 2: an empty document.
        this.send(conn, encodeSyncStep2(this.doc, frame.stateVector));
        return;
      case 'syncStep2':
      case 'update':
        if (isEmptyUpdate(frame.update)) return;
        this.options.metrics.updatesRefused.inc({ reason: 'presence_is_awareness_only' });
        this.options.log.warn({ doc: this.name, user: conn.userId }, 'document update on presence refused');
        this.refuse(conn, SyncCloseCode.forbidden, 'presence_is_awareness_only');
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

  private admitAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    const { accepted, refused } = gatePresence(entries, {
      userId: conn.userId,
      owned: conn.awarenessIds,
      knownClock: (id) => this.awareness.meta.get(id)?.clock,
    });
    for (const reason of refused) this.options.metrics.updatesRefused.inc({ reason });
    // Once per connection: a client that keeps sending refused states must not flood the logs (the
    // metric counts every one).
    if (refused.length > 0 && !this.warnedOfAwareness.has(conn)) {
      this.warnedOfAwareness.add(conn);
      this.options.log.warn({ doc: this.name, user: conn.userId, refused }, 'presence entries dropped');
    }
    if (accepted.length === 0) return;
    for (const entry of accepted) {
      if (entry.state === null) continue;
      this.owners.set(entry.clientId, conn);
      conn.awarenessIds.add(entry.clientId);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), conn);
  }

  /**
   * Forgets removed clients entirely, clock included. y-protocols keeps the clock of every client it
   * ever saw, which in a room that lives as long as its book is busy grows with every page load; and a
   * provider reconnecting with its old clock would be ignored here until its next renewal. (Other
   * clients keep their own clocks: the app bumps its clock on reconnect, see client/src/presence.)
   */
  private forget(removed: number[]): void {
    for (const id of removed) {
      if (id === this.awareness.clientID) continue;
      this.awareness.meta.delete(id);
      const owner = this.owners.get(id);
      owner?.awarenessIds.delete(id);
      this.owners.delete(id);
    }
  }

  private isLocal(origin: unknown): boolean {
    return typeof origin === 'object' && origin !== null && this.connections.has(origin as Connection);
  }

  private refuse(conn: Connection, code: number, reason: string): void {
    this.options.metrics.closes.inc({ code: String(code) });
    this.send(conn, encodePermissionDenied(reason));
    this.leave(conn);
    if (conn.socket.isOpen()) conn.socket.close(code, reason);
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (conn.socket.isOpen()) conn.socket.send(frame);
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}
