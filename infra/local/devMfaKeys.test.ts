import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvelopeKeys } from '@galley/api/auth/secretEnvelope';
import { afterAll, describe, expect, it } from 'vitest';
import { devMfaKeys } from './devMfaKeys.ts';

describe('npm start MFA key', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const freshDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'galley-mfa-key-'));
    dirs.push(dir);
    return dir;
  };

  it('makes a valid 32-byte key once per data dir, owner-only, and reuses it after a restart', async () => {
    const dir = await freshDir();
    const first = await devMfaKeys(dir);
    expect(parseEnvelopeKeys(first)[0]?.key).toHaveLength(32);
    expect((await stat(join(dir, 'mfa-encryption-keys'))).mode & 0o777).toBe(0o600);
    expect(await devMfaKeys(dir)).toBe(first);
    expect(await devMfaKeys(await freshDir())).not.toBe(first);
  });
});
