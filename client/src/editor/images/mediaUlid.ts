/** Crockford's base 32, as ULIDs use it (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A media id made on this device: a ULID, so an image placed offline can be named in the chapter
 * before the server has seen its bytes, and still sorts by time in the book's library like the ids the
 * server makes (see MediaClientIdSchema).
 */
export function newMediaId(now: number = Date.now(), random: Uint8Array = randomBytes(16)): string {
  let time = '';
  let rest = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[(random[i] ?? 0) % 32];
  return time + tail;
}

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}
