import type { Context } from 'hono';
import type { AppEnv } from './appEnv.ts';

/**
 * The origin the browser used. Behind our own load balancer (TRUST_PROXY) that is what it forwarded;
 * presigned URLs on our own /s3 path are made and checked against this same origin.
 */
export function requestOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.var.deps.env.TRUST_PROXY) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    return `${proto ?? url.protocol.replace(':', '')}://${host ?? url.host}`;
  }
  return url.origin;
}
