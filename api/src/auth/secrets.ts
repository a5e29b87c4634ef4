import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 32 random bytes, base64url: single-use mail tokens and the secret half of refresh tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only hashes of tokens and codes are stored, so a leaked table cannot be replayed. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const RECOVERY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `xxxxx-xxxxx` from [a-z0-9]: ~51 bits each, plenty for a code that works once. */
export function recoveryCode(): string {
  const part = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(36)]).join('');
  return `${part()}-${part()}`;
}

export const RECOVERY_CODE_COUNT = 10;

/** Ten new codes and what is stored of them (`hash`: MfaSecrets.hashRecoveryCode for the user). */
export function newRecoveryCodes(hash: (code: string) => string): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  return { codes, hashes: codes.map(hash) };
}

/** Codes are typed back by people: case and surrounding spaces do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase();
}

export function isRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(normaliseRecoveryCode(code));
}
