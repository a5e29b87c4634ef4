import type { AuditAction, AuditEntry } from '@galley/shared/audit';

export interface AuditEntryInput {
  action: AuditAction;
  outcome: 'success' | 'failure';
  actorId: string | null;
  targetId?: string | null;
  ip: string;
  userAgent: string;
  details?: Record<string, unknown>;
}

/**
 * Append-only, hash-chained trail of security-relevant actions (contract; implementation in
 * dynamoAuditLog.ts). `record` may carry extra DynamoDB transaction items so a state change and its
 * audit entry commit together or not at all.
 */
export interface AuditLog {
  record(entry: AuditEntryInput, options?: { with?: unknown[] }): Promise<AuditEntry>;
  list(filter: { actorId?: string; action?: AuditAction; cursor?: string; limit: number }): Promise<{
    items: AuditEntry[];
    nextCursor: string | null;
  }>;
  verify(): Promise<{ ok: boolean; checked: number; brokenAt: number | null; reason: string | null }>;
}
