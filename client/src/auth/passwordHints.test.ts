import { describe, expect, it } from 'vitest';
import { emailName, isCommonPassword, passwordHints, passwordLooksAcceptable } from './passwordHints.ts';

const hint = (password: string, email: string, id: string) =>
  passwordHints(password, email).find((h) => h.id === id)?.met;

describe('password hints', () => {
  it('judges nothing before anything is typed', () => {
    expect(passwordHints('', 'ada@example.com').map((h) => h.met)).toEqual([null, null, null]);
    expect(passwordLooksAcceptable('', 'ada@example.com')).toBe(false);
  });

  it('needs at least 12 characters, counting emoji as one', () => {
    expect(hint('short-pass1', '', 'length')).toBe(false);
    expect(hint('twelve-chars', '', 'length')).toBe(true);
    expect(hint('😀😀😀😀😀😀😀😀😀😀😀', '', 'length')).toBe(false);
  });

  it('flags the common passwords the api refuses, whatever their case', () => {
    expect(isCommonPassword('QWERTY123456')).toBe(true);
    expect(isCommonPassword('leavemealone')).toBe(true);
    expect(isCommonPassword('plum orchard tide')).toBe(false);
    expect(hint('qwerty123456', '', 'common')).toBe(false);
  });

  it('refuses passwords containing the email name, case-insensitively', () => {
    expect(emailName('Ada.Lovelace@example.com')).toBe('ada.lovelace');
    expect(emailName('al@example.com')).toBeNull();
    expect(hint('my-ADA.LOVELACE-secret', 'ada.lovelace@example.com', 'email')).toBe(false);
    expect(hint('plum orchard tide', 'ada.lovelace@example.com', 'email')).toBe(true);
    // Without an email yet the rule cannot be judged, and does not block.
    expect(hint('plum orchard tide', '', 'email')).toBeNull();
  });

  it('accepts a password only when no rule is broken', () => {
    expect(passwordLooksAcceptable('plum orchard tide', 'ada@example.com')).toBe(true);
    expect(passwordLooksAcceptable('ada-plum-orchard', 'ada@example.com')).toBe(false);
    expect(passwordLooksAcceptable('plum', 'ada@example.com')).toBe(false);
  });
});
