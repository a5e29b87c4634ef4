import { PASSWORD_MIN_LENGTH } from '@galley/shared/api/auth';

/**
 * Live hints while a password is typed. They mirror the api's policy so people are not surprised, but
 * the api decides: its `weak_password` field errors are shown as they come.
 */
export interface PasswordHint {
  id: 'length' | 'common' | 'email';
  label: string;
  /** null while there is nothing to judge yet (empty password, or no email typed for the email rule). */
  met: boolean | null;
}

/**
 * The api refuses the 10,000 most common passwords (zxcvbn's frequency list). Only these entries of it
 * are long enough to pass the length rule, so they are all the client needs to warn about; three
 * profane ones are left out of the source and still caught by the api.
 */
const COMMON_LONG_PASSWORDS = new Set([
  '123qweasdzxc',
  '1qaz2wsx3edc',
  'q1w2e3r4t5y6',
  '1q2w3e4r5t6y',
  'mailcreated5240',
  'qazwsxedcrfv',
  '123456qwerty',
  'qwerty123456',
  'sojdlg123aljg',
  'leavemealone',
  '123456654321',
  'gfhjkmgfhjkm',
  'qazwsxedc123',
  'ghjcnjgfhjkm',
  'zxcasdqwe123',
  'sonyericsson',
  'ghhh47hj7649',
  '123456789qwe',
  '1qazxsw23edc',
  'qwerasdfzxcv',
  'qweasdzxc123',
  'flvbybcnhfnjh',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_LONG_PASSWORDS.has(password.toLowerCase());
}

/** The part before @, if long enough to matter (a 1–2 letter name would match half of all passwords). */
export function emailName(email: string): string | null {
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  return local.length >= 3 ? local : null;
}

export function passwordHints(password: string, email: string): PasswordHint[] {
  const empty = password.length === 0;
  const name = emailName(email);
  return [
    {
      id: 'length',
      label: `At least ${PASSWORD_MIN_LENGTH} characters`,
      met: empty ? null : [...password].length >= PASSWORD_MIN_LENGTH,
    },
    { id: 'common', label: 'Not a common password', met: empty ? null : !isCommonPassword(password) },
    {
      id: 'email',
      label: 'Does not contain your email name',
      met: empty || !name ? null : !password.toLowerCase().includes(name),
    },
  ];
}

export function passwordLooksAcceptable(password: string, email: string): boolean {
  return passwordHints(password, email).every((hint) => hint.met !== false) && password.length > 0;
}
