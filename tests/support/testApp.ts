import { randomBytes } from 'node:crypto';
import { createApp } from '@galley/api/app';
import { type AppDeps, closeDeps, createDeps } from '@galley/api/deps';
import { type ApiEnv, parseApiEnv } from '@galley/api/env';
import type { App } from '@galley/api/http/appEnv';
import { type CaughtMail, readMailbox } from '@galley/api/mail/devMailbox';
import { prepareStorage } from '@galley/api/store/bootstrap';
import { inject } from 'vitest';

let counter = 0;

/** A name no other test file or run uses: tables, buckets and Redis prefixes all get one. */
export function uniqueName(label: string): string {
  counter += 1;
  return `${inject('runId')}-${label}-${process.pid.toString(36)}-${counter}`.toLowerCase();
}

export interface TestApp {
  app: App;
  deps: AppDeps;
  /** Sends a request through the whole middleware stack (no socket), JSON in and out. */
  request(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      rawBody?: string;
      token?: string;
      headers?: Record<string, string>;
      ip?: string;
    },
  ): Promise<{ status: number; headers: Headers; body: any }>;
  /** Mail sent to `to` since the app started, newest first. */
  mailTo(to: string): Promise<CaughtMail[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Use the real redis-server for counters (rate limits, throttling) instead of memory. */
  redis?: boolean;
  env?: Record<string, string>;
  now?: () => number;
}

/** A key made per test process, as npm start makes one per data dir: no key is written in the repository. */
export const TEST_MFA_ENCRYPTION_KEYS = `test1:${randomBytes(32).toString('base64')}`;

/** Env for a test instance: the shared embedded stack, and a table, buckets and Redis prefix of its own. */
export function buildTestEnv(options: Pick<TestAppOptions, 'redis' | 'env'> = {}): ApiEnv {
  const id = uniqueName('app');
  return parseApiEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true',
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    DYNAMODB_TABLE: id,
    S3_ENDPOINT: inject('s3Endpoint'),
    S3_MEDIA_BUCKET: `${id}-media`.slice(0, 63),
    S3_EXPORTS_BUCKET: `${id}-exports`.slice(0, 63),
    // prepareStorage creates the docs bucket too: a shared default name races between test files.
    S3_DOCS_BUCKET: `${id}-docs`.slice(0, 63),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(inject('smtpPort')),
    MFA_ENCRYPTION_KEYS: TEST_MFA_ENCRYPTION_KEYS,
    ...(options.redis ? { REDIS_URL: inject('redisUrl'), REDIS_KEY_PREFIX: `${id}:` } : {}),
    ...options.env,
  });
}

export { prepareStorage };

/**
 * The api against the embedded stack with its own fresh table and buckets. No mocks: DynamoDB Local,
 * s3rver, SMTP, and (with `redis: true`) the real redis-server.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const env = buildTestEnv(options);
  await prepareStorage(env);
  const deps = await createDeps(env, options.now ? { now: options.now } : {});
  const app = createApp(deps);
  const startedAt = new Date().toISOString();
  return {
    app,
    deps,
    async request(method, path, { body, rawBody, token, headers = {}, ip = '203.0.113.7' } = {}) {
      const init: RequestInit = { method, headers: { 'x-forwarded-for': ip, ...headers } };
      const h = init.headers as Record<string, string>;
      if (token) h.authorization = `Bearer ${token}`;
      if (rawBody !== undefined) init.body = rawBody;
      else if (body !== undefined) {
        init.body = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
      const res = await app.request(path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async mailTo(to) {
      const all = await readMailbox(inject('mailboxDir'), 1000);
      return all.filter((m) => m.to.includes(to) && m.receivedAt >= startedAt);
    },
    close: () => closeDeps(deps),
  };
}
