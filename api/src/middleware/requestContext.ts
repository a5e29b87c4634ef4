import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/appEnv.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function clientIpOf(c: Parameters<MiddlewareHandler<AppEnv>>[0], trustProxy: boolean): string {
  if (trustProxy) {
    // Behind our own load balancer the left-most address is the client; without TRUST_PROXY anyone
    // could forge this header to dodge per-IP limits, so it is ignored.
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * First middleware: a request id (the caller's if well-formed, else new) on the response and on every
 * log line, the client IP, and one access log line plus metrics when the response is done.
 */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : ulid();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('clientIp', clientIpOf(c, deps.env.TRUST_PROXY));
    c.set('log', deps.log.child({ requestId }));
    c.set('auth', null);
    c.header('X-Request-Id', requestId);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.finalized ? routePath(c) : c.req.path;
    const labels = { method: c.req.method, route };
    deps.metrics.httpRequests.inc({ ...labels, status: String(c.res.status) });
    deps.metrics.httpDuration.observe(labels, seconds);
    c.var.log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
        userId: c.var.auth?.sub,
      },
      'request',
    );
  };
}
