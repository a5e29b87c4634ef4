import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@galley/shared/api/auth';
import { commonPasswords } from './commonPasswords.ts';

export type PasswordRule = 'min_length' | 'max_length' | 'common_password' | 'contains_email';

export interface PasswordViolation {
  rule: PasswordRule;
  message: string;
}

/** Shorter local parts ("jo@…") would reject too many good passwords by accident. */
const MIN_LOCAL_PART_TO_CHECK = 3;

/**
 * The password rules, pure so the client can share them and tests can run them exhaustively.
 * Length is counted in code points so an emoji counts as one character, as a person would count it.
 * Returns the first rule broken, or null.
 */
export function checkPasswordPolicy(password: string, email: string): PasswordViolation | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return { rule: 'min_length', message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { rule: 'max_length', message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) {
    return { rule: 'common_password', message: 'This password is too common; choose another.' };
  }
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= MIN_LOCAL_PART_TO_CHECK && lower.includes(localPart)) {
    return { rule: 'contains_email', message: 'The password must not contain your email address.' };
  }
  return null;
}
