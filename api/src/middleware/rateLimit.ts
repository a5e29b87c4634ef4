import type { MiddlewareHandler } from 'hono';
import { RateLimitedError } from '../errors.ts';
import type { AppEnv } from '../http/appEnv.ts';

export interface RateLimitRule {
  /** Name used in the counter key, so two rules never share a count. */
  name: string;
  limit: number;
  windowMs: number;
  /** What is being limited: the IP, the user, or both (checked one after the other). */
  by: 'ip' | 'user' | 'ip+user';
}

/**
 * Fixed-window limits on the shared counter store (memory or Redis). Responses carry the standard
 * RateLimit headers; going over is 429 with Retry-After.
 */
export function rateLimit(rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { counters } = c.var.deps;
    const subjects: string[] = [];
    if (rule.by !== 'user') subjects.push(`ip:${c.var.clientIp}`);
    if (rule.by !== 'ip' && c.var.auth) subjects.push(`user:${c.var.auth.sub}`);
    let tightest: { remaining: number; resetInMs: number } | null = null;
    for (const subject of subjects) {
      const { count, resetInMs } = await counters.hit(`${rule.name}:${subject}`, rule.windowMs);
      if (count > rule.limit) throw new RateLimitedError(resetInMs / 1000);
      const remaining = rule.limit - count;
      if (!tightest || remaining < tightest.remaining) tightest = { remaining, resetInMs };
    }
    if (tightest) {
      c.header('RateLimit-Limit', String(rule.limit));
      c.header('RateLimit-Remaining', String(tightest.remaining));
      c.header('RateLimit-Reset', String(Math.ceil(tightest.resetInMs / 1000)));
    }
    return next();
  };
}
