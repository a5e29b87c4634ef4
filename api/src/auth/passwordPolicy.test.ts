import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@galley/shared/api/auth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORD_COUNT, commonPasswords } from './commonPasswords.ts';
import { checkPasswordPolicy } from './passwordPolicy.ts';

const EMAIL = 'margaret.hamilton@example.test';
/** Characters that cannot spell the local part, so generated passwords only break the rules we aim at. */
const safeChar = fc.constantFrom(...'0123456789!#%&*+-_=QWXZqwxz'.split(''));

describe('checkPasswordPolicy', () => {
  it('loads exactly the 10,000 most common passwords, lower-cased', () => {
    expect(commonPasswords.size).toBeLessThanOrEqual(COMMON_PASSWORD_COUNT);
    expect(commonPasswords.size).toBeGreaterThan(9_900);
    expect(commonPasswords.has('password')).toBe(true);
    expect(commonPasswords.has('qwerty123456')).toBe(true);
  });

  it('accepts a long, uncommon password', () => {
    expect(checkPasswordPolicy('lantern-orchard-quietly-47', EMAIL)).toBeNull();
  });

  it('rejects anything shorter than the minimum and accepts the minimum itself', () => {
    expect(checkPasswordPolicy('x#9'.repeat(4).slice(0, PASSWORD_MIN_LENGTH - 1), EMAIL)?.rule).toBe(
      'min_length',
    );
    expect(checkPasswordPolicy('Zx9#'.repeat(3).slice(0, PASSWORD_MIN_LENGTH), EMAIL)).toBeNull();
  });

  it('counts characters as a person would (an emoji is one)', () => {
    expect(checkPasswordPolicy('🔒'.repeat(PASSWORD_MIN_LENGTH - 1), EMAIL)?.rule).toBe('min_length');
    expect(checkPasswordPolicy('🔒'.repeat(PASSWORD_MIN_LENGTH), EMAIL)).toBeNull();
  });

  it('rejects a common password in any case', () => {
    expect(checkPasswordPolicy('QWERTY123456', EMAIL)?.rule).toBe('common_password');
    expect(checkPasswordPolicy('LeaveMeAlone', EMAIL)?.rule).toBe('common_password');
  });

  it('rejects the email local part inside the password, ignoring case, only for local parts of 3+', () => {
    expect(checkPasswordPolicy('xxMARGARET.HAMILTONxx', EMAIL)?.rule).toBe('contains_email');
    expect(checkPasswordPolicy('my-ada-is-long-enough', 'ada@example.test')?.rule).toBe('contains_email');
    expect(checkPasswordPolicy('jo-jo-jo-jo-jo-jo', 'jo@example.test')).toBeNull();
  });

  it('property: every length below the minimum is rejected for length', () => {
    fc.assert(
      fc.property(fc.string({ unit: safeChar, maxLength: PASSWORD_MIN_LENGTH - 1 }), (pw) => {
        expect(checkPasswordPolicy(pw, EMAIL)?.rule).toBe('min_length');
      }),
    );
  });

  it('property: every length above the maximum is rejected for length', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: safeChar,
          minLength: PASSWORD_MAX_LENGTH + 1,
          maxLength: PASSWORD_MAX_LENGTH + 50,
        }),
        (pw) => {
          expect(checkPasswordPolicy(pw, EMAIL)?.rule).toBe('max_length');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('property: a password that embeds the local part (any case, any padding) is rejected', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: safeChar, maxLength: 20 }),
        fc.string({ unit: safeChar, maxLength: 20 }),
        fc.stringMatching(/^[a-z]{3,12}$/),
        fc.boolean(),
        (before, after, local, upper) => {
          const embedded = upper ? local.toUpperCase() : local;
          const pw = `${before}${embedded}${after}`.padEnd(PASSWORD_MIN_LENGTH, '#');
          expect(checkPasswordPolicy(pw, `${local}@example.test`)?.rule).toMatch(
            /contains_email|common_password/,
          );
        },
      ),
    );
  });

  it('property: the verdict never depends on letter case of a common password', () => {
    const sample = [...commonPasswords].filter((p) => [...p].length >= PASSWORD_MIN_LENGTH);
    fc.assert(
      fc.property(fc.constantFrom(...sample), fc.func(fc.boolean()), (pw, flip) => {
        const mixed = [...pw].map((ch, i) => (flip(i) ? ch.toUpperCase() : ch)).join('');
        expect(checkPasswordPolicy(mixed, EMAIL)?.rule).toBe('common_password');
      }),
    );
  });
});
