import { createServer, type Server } from 'node:http';
import { KeyRing } from '@galley/api/auth/keyRing';
import { type SyncAccess, syncTokenDocs } from '@galley/shared/sync/syncToken';
import { exportJWK, generateKeyPair } from 'jose';
import pino from 'pino';
import { createTokenVerifier } from '../auth/tokenVerifier.ts';
import { type RunningSyncServer, type SyncServerOptions, startSyncServer } from '../server.ts';
import type { DocStorage } from '../storage/docStorage.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';

export const ISSUER = 'galley-test';

/**
 * A real JWKS endpoint backed by the api's own KeyRing (the code that signs sync tokens in
 * production), so tests exercise the whole signing → JWKS → verification path.
 */
export interface TestIssuer {
  ring: KeyRing;
  jwksUrl: string;
  token(claims: { sub?: string; book: string; access: SyncAccess }, ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(issuer = ISSUER): Promise<TestIssuer> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `k-${process.pid}-${Date.now()}` };
  const ring = await KeyRing.fromJwks([jwk], { issuer, maxTokenTtlSeconds: 3600 });
  const http: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ring.jwks()));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ring,
    jwksUrl: `http://127.0.0.1:${port}/api/.well-known/jwks.json`,
    token: ({ sub = 'user-1', book, access }, ttlSeconds = 300) =>
      ring.sign('sync', { sub, book, access, docs: syncTokenDocs(book) }, ttlSeconds),
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}

export async function startTestSyncServer(
  issuer: TestIssuer,
  options: Partial<SyncServerOptions> & { storage?: DocStorage } = {},
): Promise<RunningSyncServer> {
  return startSyncServer({
    storage: createMemoryDocStorage(),
    verifyToken: createTokenVerifier({ issuer: ISSUER, jwksUrl: issuer.jwksUrl }),
    log: pino({ level: process.env.SYNC_TEST_LOG ?? 'silent' }),
    retryInitialMs: 10,
    retryMaxMs: 100,
    ...options,
  });
}
