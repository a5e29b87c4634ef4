import { z } from 'zod';

/**
 * "This person's sync access to this book changed": the api publishes it after the write that took the
 * access away has committed (a member removed, a book binned); every sync node closes the matching
 * connections and refuses sync tokens issued at or before `at`. Without `userId` it covers everyone on
 * the book (a binned book); without `bookId` it covers every book of that person (an account-level
 * change: platform roles lowered, every session revoked). One of the two is always there. With
 * `sessionId` (and a user, no book) it covers only the sync tokens that one session fetched (logout, one
 * session revoked, a refresh family ended for reuse): those are refused whenever they were issued, since a
 * session never comes back, while the same person's other sessions carry on. The new access, if any, is
 * the api's to say: clients fetch a fresh token.
 */
export const AccessRevocationSchema = z
  .strictObject({
    bookId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .optional(),
    userId: z.string().min(1).max(128).optional(),
    /** The `sid` of the sync tokens to close and refuse; see above. */
    sessionId: z.string().min(1).max(128).optional(),
    /** Epoch milliseconds, taken after the commit: tokens issued up to then carry the old access. */
    at: z.number().int().nonnegative(),
  })
  .refine((r) => r.bookId !== undefined || r.userId !== undefined, {
    message: 'a revocation names a book, a user or both',
  })
  // A session belongs to one person and spans every book they open.
  .refine((r) => r.sessionId === undefined || (r.userId !== undefined && r.bookId === undefined), {
    message: 'a session revocation names its user and no book',
  });
export type AccessRevocation = z.infer<typeof AccessRevocationSchema>;

/** The one Redis pub/sub channel of revocations (REDIS_KEY_PREFIX first, like every Galley key). */
export function accessRevocationsChannel(prefix: string): string {
  return `${prefix}sync:revocations`;
}

/**
 * The Redis sorted set of recent revocations (score = `at`), kept for as long as a token issued before
 * them can live: a node that starts, or comes back after losing Redis, reads what it missed from it.
 */
export function recentAccessRevocationsKey(prefix: string): string {
  return `${prefix}sync:revocations:recent`;
}

/**
 * Whether a token issued at `issuedAtMs` (the JWT `iat`, whole seconds) is older than the revocation.
 * `iat` is rounded down, so a token issued in the same second as the revocation counts as older: the
 * client is refused once more and its next fresh token (a second later) gets through. Erring that
 * way never lets an old token in.
 */
export function issuedBeforeRevocation(
  issuedAtMs: number,
  revocation: Pick<AccessRevocation, 'at'>,
): boolean {
  return issuedAtMs <= revocation.at;
}
