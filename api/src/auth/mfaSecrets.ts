import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { type EnvelopeKey, isSealed, open, seal, sealedKeyId } from './secretEnvelope.ts';
import { normaliseRecoveryCode, sha256 } from './secrets.ts';

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
  /**
   * What is stored of a recovery code: `rc1:<keyId>:<HMAC-SHA256>` under a key derived from the ring's
   * first key, over the user's id and the code. A stolen table then yields nothing to brute-force
   * offline (the ~51 bits of a code were within reach of plain SHA-256), and a hash is bound to its user.
   */
  hashRecoveryCode(userId: string, code: string): string;
  /** The stored hash `code` matches, if any: current and retired keys, and legacy plain SHA-256 hashes. */
  matchRecoveryCode(userId: string, code: string, stored: readonly string[]): string | null;
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
    hashRecoveryCode: (userId, code) => {
      const key = requireRing()[0]!;
      return `${RECOVERY_PREFIX}${key.id}:${recoveryMac(key, userId, code)}`;
    },
    matchRecoveryCode: (userId, code, stored) => {
      const keys = requireRing();
      for (const hash of stored) {
        if (!hash.startsWith(RECOVERY_PREFIX)) {
          // Written before recovery codes were keyed: plain SHA-256 of the code.
          if (safeEqual(hash, sha256(normaliseRecoveryCode(code)))) return hash;
          continue;
        }
        const [keyId, mac] = hash.slice(RECOVERY_PREFIX.length).split(':');
        const key = keys.find((k) => k.id === keyId);
        if (key && mac && safeEqual(mac, recoveryMac(key, userId, code))) return hash;
      }
      return null;
    },
  };
}

const RECOVERY_PREFIX = 'rc1:';

function recoveryMac(key: EnvelopeKey, userId: string, code: string): string {
  // Its own key, derived, so the envelope key itself is used for one purpose only.
  const macKey = Buffer.from(hkdfSync('sha256', key.key, Buffer.alloc(0), 'galley recovery codes', 32));
  return createHmac('sha256', macKey)
    .update(`${userId}\n${normaliseRecoveryCode(code)}`)
    .digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
