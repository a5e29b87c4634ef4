import { encodeUpdate } from '../protocol/frames.ts';
import { mergeUpdatesInGroups } from './mergeUpdatesInGroups.ts';
import type { Connection } from './syncSocket.ts';

/**
 * Sends a room's document updates to its connections. Updates go out at once, each on its own frame,
 * until one event-loop turn has sent FRAMES_AT_ONCE_PER_TURN frames; the rest of that turn's updates
 * are merged and sent as one frame when the turn ends. A typist, or a handful of people on a chapter,
 * never waits; N writers on one crowded document would otherwise cost N × (N + readers) frames a
 * second, and at about 35 writers the server and every client spend their time on frame overhead
 * (bench W4). The merged frame skips its author when it has only one; otherwise a writer gets its own
 * edits back inside it, which Yjs ignores (y-websocket and Hocuspocus always echo).
 */
export class UpdateBroadcast {
  private held: Uint8Array[] = [];
  private readonly authors = new Set<unknown>();
  private sentThisTurn = 0;
  private turnOpen = false;

  constructor(
    private readonly connections: ReadonlySet<Connection>,
    private readonly send: (conn: Connection, frame: Uint8Array) => void,
  ) {}

  /** `origin` is the transaction origin: the connection the update came from, or anything else. */
  add(update: Uint8Array, origin: unknown): void {
    if (!this.turnOpen) {
      this.turnOpen = true;
      setImmediate(() => this.flush());
    }
    // Once holding, everything after it in the turn is held too, so frames never overtake each other.
    if (this.held.length === 0 && this.sentThisTurn + this.connections.size <= FRAMES_AT_ONCE_PER_TURN) {
      this.sentThisTurn += this.connections.size;
      this.sendAll(encodeUpdate(update), origin);
      return;
    }
    this.held.push(update);
    this.authors.add(origin);
  }

  /** Sends what the current turn held back (also before the room closes its connections). */
  flush(): void {
    this.turnOpen = false;
    this.sentThisTurn = 0;
    if (this.held.length === 0) return;
    const merged = mergeUpdatesInGroups(this.held);
    const only = this.authors.size === 1 ? [...this.authors][0] : undefined;
    this.held = [];
    this.authors.clear();
    this.sendAll(encodeUpdate(merged), only);
  }

  private sendAll(frame: Uint8Array, skip: unknown): void {
    for (const conn of this.connections) if (conn !== skip) this.send(conn, frame);
  }
}

/** About a millisecond of sends: enough for any ordinary chapter's burst, small enough to keep a turn short. */
const FRAMES_AT_ONCE_PER_TURN = 256;
