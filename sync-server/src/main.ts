import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTokenVerifier } from './auth/tokenVerifier.ts';
import { loadSyncEnv, type SyncEnv } from './env.ts';
import { createRedisFanout } from './fanout/redisFanout.ts';
import { createSyncLogger } from './observability/logger.ts';
import type { AccessRevocations } from './revocation/accessRevocations.ts';
import { createRedisAccessRevocations } from './revocation/redisAccessRevocations.ts';
import { type SyncServerOptions, startSyncServer } from './server.ts';
import type { DocStorage } from './storage/docStorage.ts';
import { createDynamoDocStorage } from './storage/dynamoDocStorage.ts';
import { createMemoryDocStorage } from './storage/memoryDocStorage.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export function createStorageFromEnv(env: SyncEnv): DocStorage {
  if (env.SYNC_STORAGE === 'memory') return createMemoryDocStorage();
  if (env.DYNAMODB_ENDPOINT || env.S3_ENDPOINT) {
    // Local emulators accept any credentials (s3rver's defaults, as infra/local uses); AWS uses the chain.
    process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  }
  // Without a request timeout the SDK waits forever on a connection that accepted and went silent (a
  // partition, a half-open socket): the document's saves would stall with no retry. The fault test
  // tests/fault/storageOutage.test.ts black-holes DynamoDB to hold this.
  // (This SDK version only logs a warning on requestTimeout unless told to throw.)
  const requestHandler = {
    requestTimeout: env.SYNC_STORAGE_TIMEOUT_MS,
    connectionTimeout: Math.min(env.SYNC_STORAGE_TIMEOUT_MS, 3000),
    throwOnRequestTimeout: true,
  };
  const raw = new DynamoDBClient({
    region: env.AWS_REGION,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    maxAttempts: 4,
    requestHandler,
  });
  const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({
    region: env.AWS_REGION,
    requestHandler,
    ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, forcePathStyle: true } : {}),
  });
  return createDynamoDocStorage({ ddb, s3, table: env.DYNAMODB_TABLE, bucket: env.S3_DOCS_BUCKET });
}

/**
 * Everything startSyncServer needs, from the environment. For embedding (npm start):
 * `startSyncServer(syncServerOptionsFromEnv(parseSyncEnv({ ...process.env, SYNC_PORT: '0' })))`.
 * Revocations come over Redis when REDIS_URL is set, unless `shared.revocations` (the api's in-process
 * channel) is given; without either the node hears of none. The caller closes `revocations`.
 */
export function syncServerOptionsFromEnv(
  env: SyncEnv,
  shared: { revocations?: AccessRevocations } = {},
): SyncServerOptions {
  const revocations =
    shared.revocations ??
    (env.REDIS_URL
      ? createRedisAccessRevocations({
          url: env.REDIS_URL,
          prefix: env.REDIS_KEY_PREFIX,
          keepMs: env.SYNC_REVOCATION_MEMORY_SECONDS * 1000,
        })
      : undefined);
  return {
    ...(revocations ? { revocations } : {}),
    revocationMemoryMs: env.SYNC_REVOCATION_MEMORY_SECONDS * 1000,
    storage: createStorageFromEnv(env),
    verifyToken: createTokenVerifier({ issuer: env.JWT_ISSUER, jwksUrl: env.JWKS_URL }),
    ...(env.REDIS_URL
      ? { fanout: createRedisFanout({ url: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX }) }
      : {}),
    port: env.SYNC_PORT,
    host: env.SYNC_HOST,
    log: createSyncLogger(env.LOG_LEVEL),
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    maxMessageBytes: env.SYNC_MAX_MESSAGE_BYTES,
    maxBufferedBytes: env.SYNC_MAX_BUFFERED_BYTES,
    maxMessagesPerSecond: env.SYNC_MAX_MESSAGES_PER_SECOND,
    maxConnectionsPerUser: env.SYNC_MAX_CONNECTIONS_PER_USER,
    heartbeatMs: env.SYNC_HEARTBEAT_MS,
    idleUnloadMs: env.SYNC_IDLE_UNLOAD_MS,
    snapshotEveryEntries: env.SYNC_SNAPSHOT_EVERY_ENTRIES,
    snapshotEveryBytes: env.SYNC_SNAPSHOT_EVERY_BYTES,
    persistIntervalMs: env.SYNC_PERSIST_INTERVAL_MS,
    shutdownTimeoutMs: env.SYNC_SHUTDOWN_TIMEOUT_MS,
  };
}

/** Entry point: `tsx sync-server/src/main.ts`. SIGTERM persists everything and tells clients to reconnect. */
async function main(): Promise<void> {
  const options = syncServerOptionsFromEnv(loadSyncEnv());
  const log = options.log!;
  const server = await startSyncServer(options);
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close().then(
      async () => {
        await options.revocations?.close();
        process.exit(0);
      },
      (error) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
