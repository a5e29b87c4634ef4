import type { Context } from 'hono';
import type { AuditEntryInput } from '../audit/auditLog.ts';
import type { ClientInfo } from '../domain/sessionIssuer.ts';
import type { AppEnv } from '../http/appEnv.ts';

export function clientOf(c: Context<AppEnv>): ClientInfo {
  return { ip: c.var.clientIp, userAgent: (c.req.header('user-agent') ?? '').slice(0, 512) };
}

/**
 * Records an auth event with the caller's IP and user agent. The state change it describes has already
 * happened, so a failing audit write is logged loudly rather than turned into an error for the user.
 */
export async function auditAuth(
  c: Context<AppEnv>,
  entry: Omit<AuditEntryInput, 'ip' | 'userAgent'>,
): Promise<void> {
  const client = clientOf(c);
  try {
    await c.var.deps.audit.record({ ...entry, ip: client.ip, userAgent: client.userAgent });
  } catch (error) {
    c.var.log.error({ err: error, action: entry.action }, 'audit record failed');
  }
}
