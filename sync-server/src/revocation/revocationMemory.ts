import { type AccessRevocation, issuedBeforeRevocation } from '@galley/shared/sync/revocation';

/** Stands for "every user" or "every book" in a key: ids never contain it. */
const ALL = '*';

/**
 * The revocations a node has heard of, kept for as long as a token issued before them could still be
 * alive (the longest sync token lifetime), so such a token cannot open or renew a connection after its
 * access was taken away. Newer tokens pass: the api issued them knowing the new access.
 */
export class RevocationMemory {
  /** `<bookId or *>\n<userId or *>` → latest revocation time. */
  private readonly latest = new Map<string, number>();
  /** `<userId>\n<sessionId>` of ended sessions → when; kept for pruning only. */
  private readonly endedSessions = new Map<string, number>();
  /** userId → latest session ended, for tokens that name no session (see revocationMatches). */
  private readonly latestSessionEnd = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(revocation: AccessRevocation): void {
    this.prune();
    if (revocation.sessionId !== undefined && revocation.userId !== undefined) {
      // Not a user-wide entry: the person's other sessions keep their tokens.
      const key = keyOf(revocation.userId, revocation.sessionId);
      this.endedSessions.set(key, Math.max(this.endedSessions.get(key) ?? 0, revocation.at));
      const user = revocation.userId;
      this.latestSessionEnd.set(user, Math.max(this.latestSessionEnd.get(user) ?? 0, revocation.at));
      return;
    }
    const key = keyOf(revocation.bookId ?? ALL, revocation.userId ?? ALL);
    this.latest.set(key, Math.max(this.latest.get(key) ?? 0, revocation.at));
  }

  /**
   * Whether a token for `userId` on `bookId`, issued at `issuedAtMs`, predates a revocation, or was
   * fetched by session `sessionId` (its `sid`) that has ended. An ended session's tokens are refused
   * whenever issued: one fetched in the moment after the revocation must not get through either.
   */
  revokes(userId: string, bookId: string, issuedAtMs: number, sessionId?: string): boolean {
    if (sessionId !== undefined && this.endedSessions.has(keyOf(userId, sessionId))) return true;
    const sessionEnd = sessionId === undefined ? this.latestSessionEnd.get(userId) : undefined;
    if (sessionEnd !== undefined && issuedBeforeRevocation(issuedAtMs, { at: sessionEnd })) return true;
    for (const key of [keyOf(bookId, userId), keyOf(bookId, ALL), keyOf(ALL, userId)]) {
      const at = this.latest.get(key);
      if (at !== undefined && issuedBeforeRevocation(issuedAtMs, { at })) return true;
    }
    return false;
  }

  get size(): number {
    return this.latest.size + this.endedSessions.size + this.latestSessionEnd.size;
  }

  private prune(): void {
    const horizon = this.now() - this.keepMs;
    for (const [key, at] of this.latest) if (at < horizon) this.latest.delete(key);
    for (const [key, at] of this.endedSessions) if (at < horizon) this.endedSessions.delete(key);
    for (const [user, at] of this.latestSessionEnd) if (at < horizon) this.latestSessionEnd.delete(user);
  }
}

/**
 * Whether a revocation applies to a connection of `userId` on `bookId` whose token came from session
 * `sessionId`. A token that names no session (minted before tokens carried `sid`) might be the ended
 * session's, so a session revocation closes it too, and refuses such tokens issued before it: the
 * person's other sessions reconnect once with a fresh token, which names its session. That lasts one
 * token lifetime after the deploy; erring the other way would leave a signed-out laptop editing.
 */
export function revocationMatches(
  revocation: AccessRevocation,
  userId: string,
  bookId: string,
  sessionId?: string,
): boolean {
  return (
    (revocation.bookId === undefined || revocation.bookId === bookId) &&
    (revocation.userId === undefined || revocation.userId === userId) &&
    (revocation.sessionId === undefined || sessionId === undefined || revocation.sessionId === sessionId)
  );
}

function keyOf(scope: string, who: string): string {
  return `${scope}\n${who}`;
}
