/**
 * How long the refresh token a rotation replaced stays usable, once. A browser can lose the answer to a
 * refresh the server already committed (page reload, tab closed, connection dropped on the way back);
 * it still holds the replaced token and presents it on its next refresh, usually within a second or
 * two of reloading. Without a window that looks exactly like theft and signs the user out. Kept short
 * because, for its length, a copy of that token could also take the one extra rotation (Auth0 calls
 * this the reuse interval, Ory the grace period); the owner's next refresh then revokes the family.
 */
export const REFRESH_GRACE_MS = 15_000;

/** What the session must remember to judge a presented token: only hashes, newest first. */
export interface RefreshFamilyState {
  tokenHash: string;
  previousHashes: string[];
  /** The token the last ordinary rotation replaced, while its one grace use is still unspent. */
  graceHash?: string;
  /** Epoch ms; the grace use must start before this. */
  graceUntil?: number;
}

/**
 * `current`: the token to use next, rotate it. `grace`: the token the last rotation replaced, presented
 * again within the window and for the first time, so the answer to that rotation was lost: rotate again
 * and retire the token nobody received. `reused`: any other earlier token of the family, the
 * previous one outside the window or a second time included: a copy is in other hands. `unknown`: not
 * of this family (a guess or garbage), which must revoke nothing.
 */
export type RefreshVerdict = 'current' | 'grace' | 'reused' | 'unknown';

export function judgeRefreshToken(
  family: RefreshFamilyState,
  presentedHash: string,
  nowMs: number,
): RefreshVerdict {
  if (presentedHash === family.tokenHash) return 'current';
  if (presentedHash === family.graceHash && family.graceUntil !== undefined && nowMs < family.graceUntil) {
    return 'grace';
  }
  return family.previousHashes.includes(presentedHash) ? 'reused' : 'unknown';
}
