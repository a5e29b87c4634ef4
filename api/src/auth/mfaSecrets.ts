import { type EnvelopeKey, isSealed, open, seal, sealedKeyId } from './secretEnvelope.ts';

/**
 * TOTP secrets as they are kept in the user item: sealed with MFA_ENCRYPTION_KEYS and bound to the
 * user's id. Values written before encryption existed (plain base32) still open, as legacy, and are
 * re-sealed on their next successful use or by `npm run mfa:encrypt -w api`.
 */
export interface MfaSecrets {
  seal(userId: string, secretBase32: string): string;
  open(userId: string, stored: string): string;
  /** A legacy plain value, or one sealed by a key that is no longer the ring's first. */
  needsReseal(stored: string): boolean;
}

export class MfaKeysMissingError extends Error {
  override name = 'MfaKeysMissingError';
  constructor() {
    super('MFA_ENCRYPTION_KEYS is not set: TOTP secrets can be neither stored nor read');
  }
}

const contextFor = (userId: string) => `mfa-totp:${userId}`;

/**
 * Without keys (development or test with none configured; production refuses to start) every use fails
 * closed: a secret is never stored in the clear for want of a key.
 */
export function createMfaSecrets(keys: readonly EnvelopeKey[] | undefined): MfaSecrets {
  const ring = keys?.length ? keys : null;
  const requireRing = () => {
    if (!ring) throw new MfaKeysMissingError();
    return ring;
  };
  return {
    seal: (userId, secretBase32) => seal(requireRing(), secretBase32, contextFor(userId)),
    open: (userId, stored) => {
      const keys = requireRing();
      return isSealed(stored) ? open(keys, stored, contextFor(userId)) : stored;
    },
    needsReseal: (stored) => sealedKeyId(stored) !== requireRing()[0]?.id,
  };
}
