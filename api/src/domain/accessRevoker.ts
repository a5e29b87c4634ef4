import type { AppDeps } from '../deps.ts';

type Deps = Pick<AppDeps, 'revocations' | 'now' | 'log'>;

/**
 * Tells every sync node that `userId` (or, without one, everyone) lost their access to `bookId` (or,
 * without one, to every book: an account-level change), so open connections close within seconds and
 * tokens issued before now are refused; with `sessionId`, only what that one session of the user
 * opened (its sync tokens, whenever issued). Called after the write
 * has committed: `at` must be later than any token issued with the old access. A failed publish does
 * not undo the change: it is logged, and the old sync tokens run out on their own within
 * SYNC_TOKEN_TTL_SECONDS.
 */
export async function announceRevokedAccess(
  deps: Deps,
  revocation: { bookId: string; userId?: string } | { userId: string; sessionId?: string },
): Promise<void> {
  try {
    await deps.revocations.publish({ ...revocation, at: deps.now() });
  } catch (error) {
    deps.log.warn({ err: error, ...revocation }, 'could not announce revoked sync access');
  }
}
