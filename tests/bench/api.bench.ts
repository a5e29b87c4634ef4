import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDeps, createDeps } from '@galley/api/deps';
import { parseApiEnv } from '@galley/api/env';
import { startServer } from '@galley/api/server';
import { prepareStorage } from '@galley/api/store/bootstrap';
import autocannon from 'autocannon';
import { startEmbeddedStack } from '../../infra/local/embeddedStack.ts';

/**
 * `npm run bench`: the api on the embedded stack, one user signed in, then authenticated GET /api/me
 * at rising request rates. Prints p50/p99 latency and achieved requests per second for each step.
 * Figures, not assertions: compare runs on the same machine.
 */
const RATES = (process.env.BENCH_RATES ?? '250,500,1000,2000,0').split(',').map(Number); // 0 = as fast as it goes
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const scratch = await mkdtemp(join(tmpdir(), 'galley-bench-'));
const stack = await startEmbeddedStack({ scratchDir: scratch });
// Whatever fails below, DynamoDB Local and s3rver must not outlive the bench.
try {
  const env = parseApiEnv({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
    DYNAMODB_TABLE: 'galley-bench',
    S3_ENDPOINT: stack.s3Endpoint,
    SMTP_PORT: String(stack.smtpPort),
    // The bench measures the request path, not the limiter refusing it.
    RATE_LIMIT_API_PER_MINUTE: '100000000',
    // Production refuses to start without these; made fresh per run, never written down.
    MFA_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    METRICS_TOKEN: randomBytes(32).toString('base64url'),
    ...(process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `bench-${Date.now()}:` }
      : {}),
  });
  await prepareStorage(env);
  const deps = await createDeps(env);
  const server = await startServer(deps);

  async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  try {
    const credentials = { email: 'load-runner@galley.test', password: 'a sturdy quiet passphrase' };
    await post('/api/auth/register', { ...credentials, displayName: 'Bench' });
    const loginStarted = performance.now();
    const login = await post('/api/auth/login', credentials);
    const loginMs = performance.now() - loginStarted;
    const token = String(login.accessToken);

    console.log(
      `Galley api bench — GET /api/me, ${CONNECTIONS} connections, ${SECONDS} s per step, redis: ${env.REDIS_URL ? 'yes' : 'no'}`,
    );
    console.log(`login (argon2id verify + session write): ${loginMs.toFixed(1)} ms`);
    // Warm both JITs (Node and DynamoDB Local's JVM) so the first step does not measure start-up.
    await autocannon({
      url: `${server.url}/api/me`,
      headers: { authorization: `Bearer ${token}` },
      connections: 10,
      duration: 3,
    });
    console.log(
      'path                          | target rps | achieved rps | p50 ms | p99 ms | non-2xx | errors',
    );
    // /api/health with the token: the request pipeline alone (JWT verify, revocation check, rate limit,
    // logging), to tell api cost from DynamoDB Local's. /api/me adds one consistent read of the user.
    const steps = [
      ...RATES.map((rate) => ({ path: '/api/me', rate })),
      { path: '/api/health (pipeline only)', rate: 0 },
    ];
    for (const { path, rate } of steps) {
      const result = await autocannon({
        url: `${server.url}${path.split(' ')[0]}`,
        headers: { authorization: `Bearer ${token}` },
        connections: CONNECTIONS,
        duration: SECONDS,
        ...(rate > 0 ? { overallRate: rate } : {}),
      });
      console.log(
        [
          path.padEnd(29),
          String(rate || 'max').padStart(10),
          result.requests.average.toFixed(0).padStart(12),
          String(result.latency.p50).padStart(6),
          String(result.latency.p99).padStart(6),
          String(result.non2xx).padStart(7),
          String(result.errors).padStart(6),
        ].join(' | '),
      );
    }
  } finally {
    await server.close();
    await closeDeps(deps);
  }
} finally {
  await stack.stop();
  await rm(scratch, { recursive: true, force: true });
}
