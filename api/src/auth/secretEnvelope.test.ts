import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMfaSecrets, MfaKeysMissingError } from './mfaSecrets.ts';
import {
  EnvelopeError,
  type EnvelopeKey,
  open,
  parseEnvelopeKeys,
  seal,
  sealedKeyId,
} from './secretEnvelope.ts';

const key = (id: string): EnvelopeKey => ({ id, key: randomBytes(32) });
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('secret envelope (AES-256-GCM)', () => {
  it('round-trips, names its key and version, and never contains the plaintext', () => {
    const ring = [key('k1')];
    const sealed = seal(ring, SECRET, 'user-1');
    expect(sealed).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(sealedKeyId(sealed)).toBe('k1');
    expect(open(ring, sealed, 'user-1')).toBe(SECRET);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(seal(ring, SECRET, 'user-1')).not.toBe(sealed);
  });

  it('refuses an envelope whose key id is not in the ring', () => {
    const sealed = seal([key('old')], SECRET, 'user-1');
    expect(() => open([key('new')], sealed, 'user-1')).toThrow(/unknown key id "old"/);
  });

  it('refuses a key id that names a different key (the same id, other bytes)', () => {
    const sealed = seal([key('k1')], SECRET, 'user-1');
    expect(() => open([key('k1')], sealed, 'user-1')).toThrow(EnvelopeError);
  });

  it('refuses tampered ciphertext, tag or IV, and an envelope moved to another record', () => {
    const ring = [key('k1')];
    const sealed = seal(ring, SECRET, 'user-1');
    const [prefix, version, id, iv, ciphertext, tag] = sealed.split(':') as [string, ...string[]];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[0]! ^= 0x01;
      return bytes.toString('base64url');
    };
    const variants = [
      [prefix, version, id, iv, flip(ciphertext!), tag],
      [prefix, version, id, iv, ciphertext, flip(tag!)],
      [prefix, version, id, flip(iv!), ciphertext, tag],
    ].map((parts) => parts.join(':'));
    for (const tampered of variants)
      expect(() => open(ring, tampered, 'user-1')).toThrow(/does not authenticate/);
    expect(() => open(ring, sealed, 'user-2')).toThrow(/does not authenticate/);
    expect(() => open(ring, `${sealed}:extra`, 'user-1')).toThrow(/malformed/);
    expect(() => open(ring, SECRET, 'user-1')).toThrow(/not an envelope/);
  });

  it('rotates: the first key seals, every key in the ring still opens', () => {
    const old = key('2026-01');
    const sealedBefore = seal([old], SECRET, 'user-1');
    const rotated = [key('2026-06'), old];
    expect(open(rotated, sealedBefore, 'user-1')).toBe(SECRET);
    const sealedAfter = seal(rotated, SECRET, 'user-1');
    expect(sealedKeyId(sealedAfter)).toBe('2026-06');
    // Once the old key is dropped, only what was re-sealed still opens.
    expect(open([rotated[0]!], sealedAfter, 'user-1')).toBe(SECRET);
    expect(() => open([rotated[0]!], sealedBefore, 'user-1')).toThrow(EnvelopeError);
  });
});

describe('MFA_ENCRYPTION_KEYS parsing', () => {
  const b64 = (bytes: number) => randomBytes(bytes).toString('base64');

  it('reads id:base64key pairs, newest first', () => {
    const keys = parseEnvelopeKeys(` new:${b64(32)} , old:${randomBytes(32).toString('base64url')}`);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys.every((k) => k.key.length === 32)).toBe(true);
  });

  it('refuses short keys, missing or duplicate ids, and garbage without echoing the key', () => {
    const short = b64(16);
    expect(() => parseEnvelopeKeys(`k1:${short}`)).toThrow(/must be 32 bytes/);
    try {
      parseEnvelopeKeys(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => parseEnvelopeKeys(b64(32))).toThrow(/key id/);
    expect(() => parseEnvelopeKeys(`a:${b64(32)},a:${b64(32)}`)).toThrow(/unique/);
    expect(() => parseEnvelopeKeys(`k1:${b64(32)}!!`)).toThrow(/must be 32 bytes/);
    expect(() => parseEnvelopeKeys(' , ')).toThrow(EnvelopeError);
  });
});

describe('MFA secrets', () => {
  it('opens legacy plain secrets and asks for them, and for retired keys, to be re-sealed', () => {
    const old = key('k1');
    const secrets = createMfaSecrets([key('k2'), old]);
    expect(secrets.open('user-1', SECRET)).toBe(SECRET);
    expect(secrets.needsReseal(SECRET)).toBe(true);
    const underOld = createMfaSecrets([old]).seal('user-1', SECRET);
    expect(secrets.open('user-1', underOld)).toBe(SECRET);
    expect(secrets.needsReseal(underOld)).toBe(true);
    const current = secrets.seal('user-1', SECRET);
    expect(secrets.needsReseal(current)).toBe(false);
    expect(() => secrets.open('user-2', current)).toThrow(EnvelopeError);
  });

  it('fails closed without keys: nothing is sealed, opened, or stored in the clear', () => {
    const secrets = createMfaSecrets(undefined);
    expect(() => secrets.seal('user-1', SECRET)).toThrow(MfaKeysMissingError);
    expect(() => secrets.open('user-1', SECRET)).toThrow(MfaKeysMissingError);
  });
});
