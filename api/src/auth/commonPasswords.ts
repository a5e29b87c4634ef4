import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The 10,000 most common passwords, lower-cased. Source: the frequency-ranked `passwords-common`
 * dictionary of @zxcvbn-ts/language-common (compiled from leaked password corpora); its first entries
 * are the most used. Loaded once at import.
 */
export const COMMON_PASSWORD_COUNT = 10_000;

export const commonPasswords: ReadonlySet<string> = new Set(
  dictionary['passwords-common'].slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()),
);
