import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccessRevocations } from '@galley/sync-server/revocation/accessRevocations';
import { createInProcessAccessRevocations } from '@galley/sync-server/revocation/inProcessAccessRevocations';
import { createRedisAccessRevocations } from '@galley/sync-server/revocation/redisAccessRevocations';
import { Redis } from 'ioredis';
import type { JWK } from 'jose';
import type { AuditLog } from './audit/auditLog.ts';
import { createDynamoAuditLog } from './audit/dynamoAuditLog.ts';
import { KeyRing } from './auth/keyRing.ts';
import { createMfaSecrets, type MfaSecrets } from './auth/mfaSecrets.ts';
import type { ApiEnv } from './env.ts';
import { createEvents, type Events } from './events/events.ts';
import { createSmtpMailer, type Mailer } from './mail/mailer.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import type { CounterStore } from './rateLimit/counterStore.ts';
import { createMemoryCounterStore } from './rateLimit/memoryCounterStore.ts';
import { createRedisCounterStore } from './rateLimit/redisCounterStore.ts';
import { createAwsClients } from './store/clients.ts';

/** Everything a request handler may touch. Built once per process (or per test) and passed to createApp. */
export interface AppDeps {
  env: ApiEnv;
  log: Logger;
  metrics: Metrics;
  ddb: DynamoDBDocumentClient;
  s3: S3Client;
  table: string;
  redis: Redis | null;
  counters: CounterStore;
  mailer: Mailer;
  keys: KeyRing;
  /** Seals and opens TOTP secrets kept in user items (MFA_ENCRYPTION_KEYS). */
  mfaSecrets: MfaSecrets;
  audit: AuditLog;
  /** Tells the sync nodes that someone's access to a book was taken away (they close those sockets). */
  revocations: AccessRevocations;
  /** The outbox dispatcher and the event bus consumers subscribe to (`deps.events.subscribe`). */
  events: Events;
  now: () => number;
}

export async function createDeps(
  env: ApiEnv,
  /** `revocations`: the channel shared with a sync server in this process (npm start without Redis). */
  overrides: Partial<Pick<AppDeps, 'log' | 'now' | 'revocations'>> = {},
): Promise<AppDeps> {
  const log = overrides.log ?? createLogger(env.LOG_LEVEL);
  const now = overrides.now ?? Date.now;
  if (!env.MFA_ENCRYPTION_KEYS) {
    log.warn('MFA_ENCRYPTION_KEYS is not set: two-step verification cannot be set up or used on this node');
  }
  const { ddb, s3 } = createAwsClients({
    region: env.AWS_REGION,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT,
    s3Endpoint: env.S3_ENDPOINT,
  });
  const redis = env.REDIS_URL
    ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true })
    : null;
  // ioredis reconnects by itself; a lost connection is worth a warning, not an unhandled 'error' event.
  redis?.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection error'));
  const counters = redis
    ? createRedisCounterStore(redis, `${env.REDIS_KEY_PREFIX}rl:`)
    : createMemoryCounterStore(now);
  const keyOptions = {
    issuer: env.JWT_ISSUER,
    maxTokenTtlSeconds: Math.max(env.ACCESS_TOKEN_TTL_SECONDS, env.SYNC_TOKEN_TTL_SECONDS, 300),
    now,
  };
  const keys = env.JWT_SIGNING_KEYS
    ? await KeyRing.fromJwks(JSON.parse(env.JWT_SIGNING_KEYS) as JWK[], keyOptions)
    : await KeyRing.fromTable(ddb, env.DYNAMODB_TABLE, keyOptions);
  keys.startAutoReload();
  const mailer = createSmtpMailer({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    user: env.SMTP_USER,
    pass: env.SMTP_PASS,
    from: env.MAIL_FROM,
  });
  const metrics = createMetrics();
  const events = createEvents({
    ddb,
    table: env.DYNAMODB_TABLE,
    now,
    log,
    metrics,
    redis,
    redisPrefix: `${env.REDIS_KEY_PREFIX}events:`,
  });
  return {
    env,
    log,
    metrics,
    ddb,
    s3,
    table: env.DYNAMODB_TABLE,
    redis,
    counters,
    mailer,
    keys,
    mfaSecrets: createMfaSecrets(env.MFA_ENCRYPTION_KEYS),
    audit: createDynamoAuditLog({ ddb, table: env.DYNAMODB_TABLE, now }),
    // Without Redis and without a sync server in this process, nobody listens: sync tokens then
    // simply run out (SYNC_TOKEN_TTL_SECONDS).
    revocations:
      overrides.revocations ??
      (env.REDIS_URL
        ? createRedisAccessRevocations({ url: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX })
        : createInProcessAccessRevocations()),
    events,
    now,
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  deps.keys.stopAutoReload();
  deps.mailer.close();
  // Before Redis closes: the bus finishes the events it is handling and acknowledges them.
  await deps.events.close();
  await deps.counters.close();
  await deps.revocations.close();
  if (deps.redis) await deps.redis.quit().catch(() => deps.redis?.disconnect());
  deps.ddb.destroy();
  deps.s3.destroy();
}
