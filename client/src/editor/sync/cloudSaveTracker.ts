/**
 * Knows which of this session's local changes the server has stored durably, from the *persisted*
 * acknowledgements (sync-server/README.md, "persisted"). Pure bookkeeping, no sockets, so every rule
 * the status line depends on is unit tested.
 *
 * Local changes are numbered 1, 2, … for the whole session (`localSeq`). Sync frames are numbered per
 * connection, as the server numbers them: every step-2 or update frame the client sends counts. When a
 * frame is sent we remember which local change it brings the server up to:
 * - the client's sync step 2 carries everything the server lacked, so it covers every local change made
 *   so far, and everything the device had before this session (`baseline`);
 * - an update frame after that step 2 covers its own change, and with it every earlier one (they went
 *   in the step 2 or in earlier frames of this connection);
 * - an update frame sent before this connection's step 2 proves nothing about older changes (they may
 *   travel in the step 2 that follows), so acknowledging it covers nothing new.
 * `persisted(upTo = N)` acknowledges frames 1..N of the current connection.
 */
export type CountedFrame = 'step2' | 'update';

export class CloudSaveTracker {
  /** Local changes made in this session. */
  private localSeq = 0;
  /** Every local change up to this one is stored in the cloud. */
  private coveredSeq = 0;
  /** Whether what the device held when the session began is known to be in the cloud. */
  private baselineCovered: boolean;
  private readonly baselinePending: number;

  // One connection's numbering (restarts on every socket).
  private connection = 0;
  private sent = 0;
  private acked = 0;
  private step2Sent = false;
  /** Frame number (1-based) → local change it covers, or -1 when it proves nothing. */
  private covers: number[] = [];

  /** `baselinePending`: changes stored on the device and not yet confirmed by the cloud when we opened. */
  constructor(baselinePending = 0) {
    this.baselinePending = baselinePending;
    this.baselineCovered = baselinePending === 0;
  }

  /** A local change happened (called before the provider sends it). Returns its number. */
  localChange(): number {
    this.localSeq += 1;
    return this.localSeq;
  }

  /** A new socket: frame numbering starts again at 1. Returns the connection's id for frameSent. */
  connectionOpened(): number {
    this.connection += 1;
    this.sent = 0;
    this.acked = 0;
    this.step2Sent = false;
    this.covers = [];
    return this.connection;
  }

  frameSent(connection: number, frame: CountedFrame): void {
    if (connection !== this.connection) return;
    if (frame === 'step2') this.step2Sent = true;
    this.sent += 1;
    this.covers.push(this.step2Sent ? this.localSeq : -1);
  }

  /**
   * The server's acknowledgement. Returns true when it moved coverage forward. An `upTo` beyond what
   * was sent is a server bug; we believe only the frames that exist.
   */
  persisted(connection: number, upTo: number): boolean {
    if (connection !== this.connection) return false;
    const until = Math.min(upTo, this.sent);
    let advanced = false;
    for (let frame = this.acked + 1; frame <= until; frame++) {
      const covered = this.covers[frame - 1] ?? -1;
      if (covered < 0) continue;
      if (!this.baselineCovered) {
        this.baselineCovered = true;
        advanced = true;
      }
      if (covered > this.coveredSeq) {
        this.coveredSeq = covered;
        advanced = true;
      }
    }
    this.acked = Math.max(this.acked, until);
    return advanced;
  }

  /** The newest local change the cloud holds (0 = none of this session's, maybe the baseline). */
  get coveredLocalSeq(): number {
    return this.coveredSeq;
  }

  get isBaselineCovered(): boolean {
    return this.baselineCovered;
  }

  /** Changes made on this device that the cloud has not confirmed. */
  get waiting(): number {
    return (this.baselineCovered ? 0 : this.baselinePending) + (this.localSeq - this.coveredSeq);
  }

  /** Every counted frame of this connection is acknowledged and the step 2 went out. */
  get connectionSettled(): boolean {
    return this.step2Sent && this.acked === this.sent;
  }
}
