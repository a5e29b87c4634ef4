import { createHash } from 'node:crypto';
import type { AuditEntry } from '@galley/shared/audit';
import { canonicalJson } from './canonicalJson.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields the hash covers: everything in the entry except the hash itself. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const covered = {
    seq: entry.seq,
    at: entry.at,
    action: entry.action,
    outcome: entry.outcome,
    actorId: entry.actorId,
    targetId: entry.targetId,
    ip: entry.ip,
    userAgent: entry.userAgent,
    details: entry.details,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}
