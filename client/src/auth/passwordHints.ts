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

// The most used passwords of the public breach lists that are long enough to pass the length rule.
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  'qwertyuiopas',
  'qwertyuiop123',
  'password1234',
  'password12345',
  'passwordpassword',
  'iloveyou1234',
  '111111111111',
  '000000000000',
  'abcdefghijkl',
  'abc123456789',
  'letmein12345',
  'welcome12345',
  'administrator',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'trustno1trustno1',
  'correcthorsebatterystaple',
]);

export function isCommonPassword(password: string): boolean {
  const normalised = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(normalised)) return true;
  // One character repeated, or a run of consecutive digits, is as good as common.
  if (/^(.)\1+$/.test(normalised)) return true;
  return '01234567890123456789'.includes(normalised) && normalised.length >= 6;
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
