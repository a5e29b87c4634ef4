import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMfaSecrets } from './mfaSecrets.ts';
import { recoveryCode, sha256 } from './secrets.ts';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('recovery code hashes', () => {
  it('are keyed and bound to their user, and match the code however it is typed', () => {
    const secrets = createMfaSecrets([key('k1')]);
    const code = recoveryCode();
    const hash = secrets.hashRecoveryCode('user-a', code);
    expect(hash).toMatch(/^rc1:k1:[0-9a-f]{64}$/);
    // Not the plain SHA-256 a stolen table could be brute-forced against.
    expect(hash).not.toContain(sha256(code));
    expect(secrets.hashRecoveryCode('user-b', code)).not.toBe(hash);
    expect(secrets.matchRecoveryCode('user-a', ` ${code.toUpperCase()} `, ['other', hash])).toBe(hash);
    expect(secrets.matchRecoveryCode('user-b', code, [hash])).toBeNull();
    expect(secrets.matchRecoveryCode('user-a', recoveryCode(), [hash])).toBeNull();
  });

  it('still match after the key is rotated, and not once the old key is gone', () => {
    const old = key('old');
    const before = createMfaSecrets([old]);
    const code = recoveryCode();
    const hash = before.hashRecoveryCode('user-a', code);
    const rotated = createMfaSecrets([key('new'), old]);
    expect(rotated.matchRecoveryCode('user-a', code, [hash])).toBe(hash);
    expect(rotated.hashRecoveryCode('user-a', code)).toMatch(/^rc1:new:/);
    expect(createMfaSecrets([key('new')]).matchRecoveryCode('user-a', code, [hash])).toBeNull();
  });

  it('accept hashes stored before they were keyed (plain SHA-256 of the code)', () => {
    const secrets = createMfaSecrets([key('k1')]);
    const code = recoveryCode();
    expect(secrets.matchRecoveryCode('user-a', code.toUpperCase(), [sha256(code)])).toBe(sha256(code));
  });
});
