import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { ErrorCode } from '@galley/shared/errors';
import { mayReadMetrics } from '@galley/sync-server/observability/metricsAccess';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { AppError } from '../../errors.ts';
import type { App, AppEnv } from '../../http/appEnv.ts';
import { renderApiReference } from './apiReference.ts';

const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Galley API',
    version: '0.1.0',
    description:
      'Books, workflow, reviews and identity for Galley. Errors are `{ error: { code, message, details? } }`.',
  },
};

async function check(
  name: string,
  probe: () => Promise<unknown>,
): Promise<[string, { ok: boolean; error?: string }]> {
  try {
    await probe();
    return [name, { ok: true }];
  } catch (error) {
    return [name, { ok: false, error: error instanceof Error ? error.name : 'unknown' }];
  }
}

/** The TCP peer, ignoring X-Forwarded-For: only a socket from this machine counts as local. */
function socketPeerOf(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // Requests made in process (app.request in tests) have no socket: never local.
    return undefined;
  }
}

/** Liveness, readiness (each dependency probed), Prometheus metrics, JWKS, OpenAPI and its reference page. */
export function registerSystemRoutes(app: App): void {
  app.get('/api/health', (c) => c.json({ status: 'ok' }));

  app.get('/api/ready', async (c) => {
    const { ddb, s3, redis, env } = c.var.deps;
    const checks = await Promise.all([
      check('dynamodb', () => ddb.send(new ListTablesCommand({ Limit: 1 }))),
      check('s3', () => s3.send(new HeadBucketCommand({ Bucket: env.S3_MEDIA_BUCKET }))),
      ...(redis ? [check('redis', () => redis.ping())] : []),
    ]);
    const ok = checks.every(([, r]) => r.ok);
    return c.json(
      { status: ok ? 'ready' : 'unavailable', checks: Object.fromEntries(checks) },
      ok ? 200 : 503,
    );
  });

  app.get('/metrics', async (c) => {
    if (!mayReadMetrics(c.var.deps.env.METRICS_TOKEN, c.req.header('authorization'), socketPeerOf(c))) {
      throw new AppError(401, ErrorCode.unauthenticated, 'Metrics need a bearer token.', undefined, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    const { registry } = c.var.deps.metrics;
    c.header('Content-Type', registry.contentType);
    return c.body(await registry.metrics());
  });

  app.get('/api/.well-known/jwks.json', (c) => {
    // Verifiers may cache briefly; rotation keeps the previous key published long enough.
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(c.var.deps.keys.jwks());
  });

  app.doc31('/api/openapi.json', OPENAPI_INFO);
  app.get('/api/docs', (c) => c.html(renderApiReference(app.getOpenAPI31Document(OPENAPI_INFO))));
}
