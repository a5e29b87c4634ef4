import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * MFA_ENCRYPTION_KEYS for `npm start`: a random key made on first start and kept beside the data it
 * protects (GALLEY_DATA_DIR, git-ignored, owner-only), so TOTP enrolments survive a restart. Never in
 * the repository and never printed. Production gets its keys from Secrets Manager instead.
 */
export async function devMfaKeys(dataDir: string): Promise<string> {
  const file = join(dataDir, 'mfa-encryption-keys');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = `dev1:${randomBytes(32).toString('base64')}`;
  // `wx`: two starts racing on a fresh data dir cannot overwrite each other's key.
  await writeFile(file, `${keys}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}
