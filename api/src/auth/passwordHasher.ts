import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * `Algorithm.Argon2id`. The package declares Algorithm as an ambient const enum, which cannot be read
 * as a value under verbatimModuleSyntax; the binding fixes Argon2id = 2.
 */
const ARGON2ID = 2 as Algorithm.Argon2id;

/**
 * argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane): strong against GPU cracking while a
 * hash still takes tens of milliseconds, so sign-in stays quick and a burst cannot exhaust memory.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Made once at start-up with the same parameters as real hashes, so verifying against it costs the same. */
const dummyHash = hashPassword('galley-dummy-password-for-timing');

/**
 * Spends the same work as a real check when the account does not exist, so response time does not
 * reveal which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await dummyHash, password);
  return false;
}
