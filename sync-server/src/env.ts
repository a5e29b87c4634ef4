import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

/** Every variable the sync server reads. `sync-server/.env.example` documents the same list. */
export const SyncEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SYNC_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  SYNC_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** `dynamo` = update log in DynamoDB + snapshots in S3 (production); `memory` = nothing survives a restart. */
  SYNC_STORAGE: z.enum(['dynamo', 'memory']).default('dynamo'),
  AWS_REGION: z.string().default('us-east-1'),
  DYNAMODB_ENDPOINT: optionalString,
  DYNAMODB_TABLE: z.string().min(3).default('galley'),
  S3_ENDPOINT: optionalString,
  S3_DOCS_BUCKET: z.string().min(3).default('galley-docs'),
  /** A storage request with no answer by then fails and is retried: a partition must not hang a document's saves. */
  SYNC_STORAGE_TIMEOUT_MS: int(100, 5000),

  /** Set to run several nodes: updates and awareness fan out through Redis pub/sub. */
  REDIS_URL: optionalString,
  REDIS_KEY_PREFIX: z.string().default('galley:'),
  /** How long a revocation refuses tokens issued before it: at least the api's SYNC_TOKEN_TTL_SECONDS. */
  SYNC_REVOCATION_MEMORY_SECONDS: int(1, 3600),

  JWT_ISSUER: z.string().default('galley'),
  JWKS_URL: z.url().default('http://127.0.0.1:8080/api/.well-known/jwks.json'),
  /** Bearer token Prometheus sends to scrape /metrics. Required in production; unset = loopback peers only. */
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  ),

  /** Frames above this close the connection with 4413. Snapshots are not limited by it. */
  SYNC_MAX_MESSAGE_BYTES: int(1024, 1024 * 1024),
  /** Outgoing bytes queued for one client before it counts as a slow consumer (closed with 4429). */
  SYNC_MAX_BUFFERED_BYTES: int(64 * 1024, 16 * 1024 * 1024),
  SYNC_MAX_MESSAGES_PER_SECOND: int(1, 1000),
  SYNC_MAX_CONNECTIONS_PER_USER: int(1, 50),
  SYNC_HEARTBEAT_MS: int(100, 30_000),
  SYNC_IDLE_UNLOAD_MS: int(0, 30_000),
  SYNC_SNAPSHOT_EVERY_ENTRIES: int(1, 500),
  SYNC_SNAPSHOT_EVERY_BYTES: int(1024, 4 * 1024 * 1024),
  /** Group commit: a busy document's log writes start at least this far apart (delays *persisted* as much). */
  SYNC_PERSIST_INTERVAL_MS: int(0, 500),
  /** How long SIGTERM waits for storage before closing clients anyway (their sync step 2 re-sends). */
  SYNC_SHUTDOWN_TIMEOUT_MS: int(0, 10_000),
});
export type SyncEnv = z.infer<typeof SyncEnvSchema>;

/** A production node never serves its metrics to whoever asks: it refuses to start instead. */
const SyncEnvChecked = SyncEnvSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.METRICS_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'required when NODE_ENV=production' });
  }
});

/** Parses the environment; on failure prints every bad variable and exits, so a misconfigured node never serves. */
export function loadSyncEnv(source: NodeJS.ProcessEnv = process.env): SyncEnv {
  const parsed = SyncEnvChecked.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    console.error(`Invalid sync-server environment:\n${lines.join('\n')}`);
    process.exit(1);
  }
  return parsed.data;
}

export function parseSyncEnv(source: Record<string, string | undefined>): SyncEnv {
  return SyncEnvChecked.parse(source);
}
