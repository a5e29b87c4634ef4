import { createServer } from 'node:http';
import { ensureBuckets, ensureTable } from '@galley/api/store/bootstrap';
import { createAwsClients } from '@galley/api/store/clients';
import { syncTokenDocs } from '@galley/shared/sync/syncToken';
import { createTokenVerifier } from '../auth/tokenVerifier.ts';
import { parseSyncEnv } from '../env.ts';
import { createSyncLogger } from '../observability/logger.ts';
import { startSyncServer } from '../server.ts';
import { createDynamoDocStorage } from '../storage/dynamoDocStorage.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { BENCH_ISSUER, benchKeyRing } from './benchKeys.ts';

/**
 * The sync server as the bench harness runs it (`suite.mjs --server 'galley|y-websocket|…'`): auth on
 * (tokens verified through a JWKS endpoint), DynamoDB/S3 persistence on (BENCH_STORAGE=memory to
 * compare). `--mint` prints a token for the bench book instead of serving.
 *
 * Env: PORT, HOST (set by the suite), BENCH_KEY_FILE, DYNAMODB_ENDPOINT, S3_ENDPOINT, plus any SYNC_*.
 */
const keyFile = process.env.BENCH_KEY_FILE ?? '/tmp/galley-bench-key.json';
const ring = await benchKeyRing(keyFile);

if (process.argv.includes('--mint')) {
  const token = await ring.sign(
    'sync',
    { sub: 'bench', book: 'bench', access: 'edit', docs: syncTokenDocs('bench') },
    6 * 24 * 3600,
  );
  console.log(token);
  process.exit(0);
}

const env = parseSyncEnv({
  ...process.env,
  SYNC_PORT: process.env.PORT,
  SYNC_HOST: process.env.HOST ?? '127.0.0.1',
});
const jwks = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(ring.jwks()));
});
await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
const jwksPort = (jwks.address() as { port: number }).port;

/** DynamoDB requests by command (and items written), printed on SIGTERM: what persistence cost the run. */
const requests = new Map<string, { count: number; items: number; ms: number }>();
let storage = createMemoryDocStorage();
if (process.env.BENCH_STORAGE !== 'memory') {
  // The emulators accept any credentials; s3rver's defaults, as infra/local uses.
  process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
  const { ddb, s3 } = createAwsClients({
    region: env.AWS_REGION,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:18000',
    s3Endpoint: env.S3_ENDPOINT ?? 'http://127.0.0.1:18001',
  });
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const startedAt = performance.now();
      try {
        return await next(args);
      } finally {
        const input = args.input as { TransactItems?: unknown[]; RequestItems?: Record<string, unknown[]> };
        const items =
          input.TransactItems?.length ??
          Object.values(input.RequestItems ?? {}).reduce((n, l) => n + l.length, 1);
        const entry = requests.get(context.commandName ?? '?') ?? { count: 0, items: 0, ms: 0 };
        entry.count += 1;
        entry.items += items;
        entry.ms += performance.now() - startedAt;
        requests.set(context.commandName ?? '?', entry);
      }
    },
    { step: 'initialize', name: 'benchRequestCount' },
  );
  await ensureTable(ddb, 'galley-bench');
  await ensureBuckets(s3, ['galley-bench-docs']);
  storage = createDynamoDocStorage({ ddb, s3, table: 'galley-bench', bucket: 'galley-bench-docs' });
}

const server = await startSyncServer({
  storage,
  verifyToken: createTokenVerifier({
    issuer: BENCH_ISSUER,
    jwksUrl: `http://127.0.0.1:${jwksPort}/jwks.json`,
  }),
  port: env.SYNC_PORT,
  host: env.SYNC_HOST,
  log: createSyncLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL),
  maxMessageBytes: env.SYNC_MAX_MESSAGE_BYTES,
  maxBufferedBytes: env.SYNC_MAX_BUFFERED_BYTES,
  // W3 seeds 50,000 edits through one socket as fast as it can; a real client never does.
  maxMessagesPerSecond: Number(process.env.SYNC_MAX_MESSAGES_PER_SECOND ?? 1_000_000),
  // Every bench socket carries the same token (one user); W2 opens 2,000 of them.
  maxConnectionsPerUser: Number(process.env.SYNC_MAX_CONNECTIONS_PER_USER ?? 1_000_000),
  heartbeatMs: env.SYNC_HEARTBEAT_MS,
  idleUnloadMs: env.SYNC_IDLE_UNLOAD_MS,
  snapshotEveryEntries: env.SYNC_SNAPSHOT_EVERY_ENTRIES,
  snapshotEveryBytes: env.SYNC_SNAPSHOT_EVERY_BYTES,
  persistIntervalMs: env.SYNC_PERSIST_INTERVAL_MS,
  shutdownTimeoutMs: env.SYNC_SHUTDOWN_TIMEOUT_MS,
});
process.once('SIGTERM', () => {
  // The suite keeps server logs: leave the receive → persisted quantiles there before shutting down.
  const quantiles = server.metrics.receiveToPersistedQuantiles;
  const q = Object.fromEntries([0.5, 0.99, 0.999].map((p) => [String(p), quantiles.quantile(p)]));
  q.galley_sync_receive_to_persisted_quantiles_seconds_count = quantiles.totals.count;
  console.log(JSON.stringify({ benchReceiveToPersistedSeconds: q }));
  console.log(JSON.stringify({ benchDynamoRequests: Object.fromEntries(requests) }));
  void server.close().finally(() => process.exit(0));
});
