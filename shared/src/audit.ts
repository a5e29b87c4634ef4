import { z } from 'zod';

/** Every security-relevant action the audit trail records. */
export const AuditActionSchema = z.enum([
  'auth.register',
  'auth.login.success',
  'auth.login.failure',
  'auth.login.throttled',
  'auth.logout',
  'auth.refresh.reuse_detected',
  'auth.step_up',
  'auth.email.verified',
  'auth.password.reset_requested',
  'auth.password.reset',
  'auth.password.changed',
  'mfa.enrolled',
  'mfa.disabled',
  'mfa.recovery_code_used',
  'mfa.recovery_codes_regenerated',
  'session.revoked',
  'user.roles_changed',
  /** An admin handed a dead letter back to its consumer (failure: the bus refused, the claim undone). */
  'dead_letter.replayed',
  'keys.rotated',
]);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: AuditActionSchema,
  outcome: z.enum(['success', 'failure']),
  actorId: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.strictObject({
  actorId: z.string().max(64).optional(),
  action: AuditActionSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const AuditVerifyResponseSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** First entry whose hash or link does not match, or the first missing sequence number. */
  brokenAt: z.number().int().nullable(),
  reason: z.string().nullable(),
});
