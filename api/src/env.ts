import { z } from 'zod';
import { EnvelopeError, parseEnvelopeKeys } from './auth/secretEnvelope.ts';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Every variable the api reads. `.env.example` documents the same list; keep them together. */
export const ApiEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: optionalString,
  PUBLIC_URL: z.url().default('http://localhost:8080'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool,
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),

  AWS_REGION: z.string().default('us-east-1'),
  DYNAMODB_ENDPOINT: optionalString,
  DYNAMODB_TABLE: z.string().min(3).default('galley'),
  S3_ENDPOINT: optionalString,
  S3_MEDIA_BUCKET: z.string().min(3).default('galley-media'),
  S3_EXPORTS_BUCKET: z.string().min(3).default('galley-exports'),
  /** The sync server's bucket (its S3_DOCS_BUCKET): exports read chapters' snapshots from it. */
  S3_DOCS_BUCKET: z.string().min(3).default('galley-docs'),
  /**
   * Where browsers reach S3 for presigned uploads and downloads. Unset in AWS (URLs point at S3 itself).
   * A path such as `/s3` (npm start): the api serves it, checks each signature and forwards to
   * S3_ENDPOINT, so everything stays at one URL. An absolute URL: a proxy or CDN in front of the bucket.
   */
  S3_PUBLIC_URL: optionalString.pipe(
    z
      .string()
      .regex(/^(\/[A-Za-z0-9_-]+|https?:\/\/\S+)$/, 'must be a path like /s3 or an http(s) URL')
      .optional(),
  ),

  /** EPUBCheck's jar (scripts/install-system-deps.sh installs Debian's) and the Chromium Ace drives. */
  EPUBCHECK_JAR: z.string().default('/usr/share/java/epubcheck.jar'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** Each checker run is killed after this long (`checker_timeout`). Ace took ~4 min on a 40-chapter book on a busy 2-core node. */
  EXPORT_CHECK_TIMEOUT_MS: z.coerce.number().int().min(5_000).default(900_000),

  REDIS_URL: optionalString,
  REDIS_KEY_PREFIX: z.string().default('galley:'),

  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  SMTP_SECURE: bool,
  SMTP_USER: optionalString,
  SMTP_PASS: optionalString,
  MAIL_FROM: z.string().default('Galley <no-reply@galley.test>'),
  DEV_MAILBOX_DIR: optionalString,

  JWT_ISSUER: z.string().default('galley'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SYNC_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** JSON array of private JWKs (ES256) from a secret store. Without it keys are generated and kept in the table. */
  JWT_SIGNING_KEYS: optionalString,
  /**
   * `id:base64key,…` (32-byte AES-256 keys, newest first: the first seals, all open) for TOTP secrets at
   * rest. In AWS it comes from Secrets Manager (a KMS-encrypted secret injected into the task), never
   * from the table it protects. Required in production; npm start and the tests make a dev key.
   */
  MFA_ENCRYPTION_KEYS: optionalString.transform((value, ctx) => {
    if (value === undefined) return undefined;
    try {
      return parseEnvelopeKeys(value);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  }),
  /**
   * Bearer token Prometheus sends to scrape /metrics (compared in constant time). Required in production;
   * unset elsewhere = /metrics answers loopback peers only.
   */
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  ),

  /** Ceiling per IP and per user across the whole api; sensitive routes have tighter limits of their own. */
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(600),

  /** How often each api node runs the purge of books binned more than 30 days ago; 0 turns it off. */
  BOOKS_PURGE_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),

  CLIENT_DIST_DIR: optionalString,
  SYNC_SERVER_URL: optionalString,
  /**
   * Which api node keeps the search index up to date (the others serve queries from its S3 snapshot):
   * `auto` = the only node without Redis, else whichever holds the Redis lease; `on`/`off` force it.
   */
  SEARCH_INDEXER: z.enum(['auto', 'on', 'off']).default('auto'),
});
export type ApiEnv = z.infer<typeof ApiEnvSchema>;

/** A production node never falls back to a generated key or an open /metrics: it refuses to start. */
const ApiEnvChecked = ApiEnvSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  for (const name of ['MFA_ENCRYPTION_KEYS', 'METRICS_TOKEN'] as const) {
    if (!env[name])
      ctx.addIssue({ code: 'custom', path: [name], message: 'required when NODE_ENV=production' });
  }
});

/** Parses the environment; on failure prints every bad variable and exits, so a misconfigured node never serves. */
export function loadApiEnv(source: NodeJS.ProcessEnv = process.env): ApiEnv {
  const parsed = ApiEnvChecked.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    console.error(`Invalid environment:\n${lines.join('\n')}`);
    process.exit(1);
  }
  return parsed.data;
}

/** For tests and embedding: parse with overrides, throw instead of exiting. */
export function parseApiEnv(source: Record<string, string | undefined>): ApiEnv {
  return ApiEnvChecked.parse(source);
}
