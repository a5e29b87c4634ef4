import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type AppDeps, closeDeps, createDeps } from '@galley/api/deps';
import { startServer } from '@galley/api/server';
import { freePort } from '@galley/infra/freePort';
import { parseSyncEnv } from '@galley/sync-server/env';
import { syncServerOptionsFromEnv } from '@galley/sync-server/main';
import { createInProcessAccessRevocations } from '@galley/sync-server/revocation/inProcessAccessRevocations';
import { type RunningSyncServer, startSyncServer } from '@galley/sync-server/server';
import { inject } from 'vitest';
import { buildTestEnv, prepareStorage, type TestAppOptions } from './testApp.ts';

export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

export interface TestServerOptions extends TestAppOptions {
  /**
   * Also run the sync server in this process, as `npm start` does (infra/local/start.ts): it verifies
   * tokens against this api's JWKS, stores documents in the same table and a docs bucket of its own,
   * and the api proxies `/sync` to it, so browsers reach everything at one URL.
   */
  sync?: boolean;
}

export interface RunningTestServer {
  url: string;
  port: number;
  /** The in-process sync server, with `sync: true`. */
  sync: RunningSyncServer | null;
  /** The api's dependencies, for setting up data the way the server itself stores it. */
  deps: AppDeps;
  close(): Promise<void>;
}

/**
 * The real HTTP server (api + built client + dev mail page) on a free port, against the embedded
 * stack with a fresh table. For browser tests and anything that needs a socket.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<RunningTestServer> {
  if (!options.env?.CLIENT_DIST_DIR && !existsSync(`${CLIENT_DIST}/index.html`)) {
    throw new Error('client/dist is missing: run `npm run build` first (npm test does it).');
  }
  // The sync server fetches the api's JWKS, so the api's port must be known before either starts.
  const apiPort = options.sync ? await freePort() : 0;
  const env = buildTestEnv({
    ...options,
    env: {
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      CLIENT_DIST_DIR: CLIENT_DIST,
      DEV_MAILBOX_DIR: inject('mailboxDir'),
      ...options.env,
    },
  });
  const syncEnv = options.sync
    ? parseSyncEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        SYNC_PORT: '0',
        SYNC_HOST: '127.0.0.1',
        AWS_REGION: env.AWS_REGION,
        DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT,
        DYNAMODB_TABLE: env.DYNAMODB_TABLE,
        S3_ENDPOINT: env.S3_ENDPOINT,
        S3_DOCS_BUCKET: env.S3_DOCS_BUCKET,
        JWT_ISSUER: env.JWT_ISSUER,
        JWKS_URL: `http://127.0.0.1:${apiPort}/api/.well-known/jwks.json`,
        ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL, REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX } : {}),
      })
    : null;
  await prepareStorage(env, syncEnv ? [syncEnv.S3_DOCS_BUCKET] : []);
  // Without Redis the api tells the sync server about revoked access in process, as npm start does.
  const revocations = syncEnv && !syncEnv.REDIS_URL ? createInProcessAccessRevocations() : undefined;
  const syncOptions = syncEnv ? syncServerOptionsFromEnv(syncEnv, revocations ? { revocations } : {}) : null;
  const sync = syncOptions ? await startSyncServer(syncOptions) : null;
  const deps = await createDeps(sync ? { ...env, SYNC_SERVER_URL: `http://127.0.0.1:${sync.port}` } : env, {
    ...(options.now ? { now: options.now } : {}),
    ...(revocations ? { revocations } : {}),
  });
  const server = await startServer(deps);
  return {
    url: server.url,
    port: server.port,
    sync,
    deps,
    async close() {
      await server.close();
      await sync?.close();
      await closeDeps(deps);
      await syncOptions?.revocations?.close().catch(() => {});
    },
  };
}
