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

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(revocation: AccessRevocation): void {
    this.prune();
    const key = keyOf(revocation.bookId ?? ALL, revocation.userId ?? ALL);
    this.latest.set(key, Math.max(this.latest.get(key) ?? 0, revocation.at));
  }

  /** Whether a token for `userId` on `bookId`, issued at `issuedAtMs`, predates a revocation. */
  revokes(userId: string, bookId: string, issuedAtMs: number): boolean {
    for (const key of [keyOf(bookId, userId), keyOf(bookId, ALL), keyOf(ALL, userId)]) {
      const at = this.latest.get(key);
      if (at !== undefined && issuedBeforeRevocation(issuedAtMs, { at })) return true;
    }
    return false;
  }

  get size(): number {
    return this.latest.size;
  }

  private prune(): void {
    const horizon = this.now() - this.keepMs;
    for (const [key, at] of this.latest) if (at < horizon) this.latest.delete(key);
  }
}

/** Whether a revocation applies to a connection of `userId` on `bookId`. */
export function revocationMatches(revocation: AccessRevocation, userId: string, bookId: string): boolean {
  return (
    (revocation.bookId === undefined || revocation.bookId === bookId) &&
    (revocation.userId === undefined || revocation.userId === userId)
  );
}

function keyOf(bookId: string, who: string): string {
  return `${bookId}\n${who}`;
}
