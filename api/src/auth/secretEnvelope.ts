import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelopes for small secrets kept in the table (TOTP secrets). A stored value reads
 * `enc:v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts): the version says how to open it, the key
 * id which key of the ring sealed it, so keys can rotate (the first key of the ring seals, every key
 * opens) and old values are re-sealed at leisure.
 */
export interface EnvelopeKey {
  id: string;
  key: Buffer;
}

export const ENVELOPE_PREFIX = 'enc:v1:';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

/**
 * `id:base64key,id:base64key,…`, newest first. Each key must decode to exactly 32 bytes (AES-256) and
 * ids must be unique. Throws with a message fit for a startup error; never echoes key material.
 */
export function parseEnvelopeKeys(raw: string): EnvelopeKey[] {
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new EnvelopeError('expected id:base64key[,id:base64key…]');
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) {
      throw new EnvelopeError(`entry ${index + 1}: the key id must be 1–32 of [A-Za-z0-9_-] before a colon`);
    }
    const encoded = entry.slice(colon + 1);
    const key = Buffer.from(encoded, 'base64');
    // Buffer.from ignores stray characters, so a truncated or mistyped key is caught by its length.
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) || key.length !== 32) {
      throw new EnvelopeError(`key "${id}": must be 32 bytes, base64 (e.g. \`openssl rand -base64 32\`)`);
    }
    return { id, key };
  });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new EnvelopeError('key ids must be unique');
  return keys;
}

export function isSealed(value: string): boolean {
  return value.startsWith(ENVELOPE_PREFIX);
}

/** The id of the key that sealed `value`, or null for a value that is not an envelope. */
export function sealedKeyId(value: string): string | null {
  return isSealed(value) ? (value.slice(ENVELOPE_PREFIX.length).split(':')[0] ?? null) : null;
}

/**
 * Seals with the ring's first key. `context` is bound as associated data (e.g. the owner's id), so an
 * envelope copied onto another record does not open there.
 */
export function seal(keys: readonly EnvelopeKey[], plaintext: string, context: string): string {
  const current = keys[0];
  if (!current) throw new EnvelopeError('no encryption key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(associatedData(current.id, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return `${ENVELOPE_PREFIX}${current.id}:${parts.join(':')}`;
}

/** Opens an envelope; throws EnvelopeError for an unknown key id, a malformed value, or any tampering. */
export function open(keys: readonly EnvelopeKey[], sealed: string, context: string): string {
  if (!isSealed(sealed)) throw new EnvelopeError('not an envelope');
  const parts = sealed.slice(ENVELOPE_PREFIX.length).split(':');
  const [id, iv, ciphertext, tag] = parts;
  if (
    parts.length !== 4 ||
    !id ||
    !iv ||
    !ciphertext ||
    !tag ||
    ![iv, ciphertext, tag].every((p) => B64URL.test(p))
  ) {
    throw new EnvelopeError('malformed envelope');
  }
  const key = keys.find((k) => k.id === id);
  if (!key) throw new EnvelopeError(`unknown key id "${id}"`);
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES)
    throw new EnvelopeError('malformed envelope');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(id, context));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new EnvelopeError('envelope does not authenticate (tampered, or sealed for another record)');
  }
}

// The version and key id are authenticated too: an envelope relabelled to another key never opens.
function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${ENVELOPE_PREFIX}${keyId}:${context}`, 'utf8');
}
