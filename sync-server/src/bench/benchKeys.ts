import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { KeyRing } from '@galley/api/auth/keyRing';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const BENCH_ISSUER = 'galley-bench';

/**
 * One ES256 key kept in a file, so a token minted before the suite starts is accepted by every fresh
 * server process it launches (each serves the matching JWKS itself, as the api would).
 */
export async function benchKeyRing(file: string): Promise<KeyRing> {
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'bench' }), { mode: 0o600 });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  return KeyRing.fromJwks([jwk], { issuer: BENCH_ISSUER, maxTokenTtlSeconds: 7 * 24 * 3600 });
}
