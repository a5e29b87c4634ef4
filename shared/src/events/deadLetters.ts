import { z } from 'zod';
import { PageQuerySchema, pageOf } from '../api/common.ts';
import { DomainEventSchema } from './domainEvents.ts';

/** Consumer names (search, activity, …): Redis group names and key parts, so plain. */
export const ConsumerNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a consumer name');

/**
 * An event a consumer failed to handle after all its retries, parked so the rest of the stream moves
 * on. An admin reads why (`error`) and replays it once the cause is fixed; a replayed dead letter
 * stays listed with `replayedAt`, and fails into a new dead letter if the cause is still there.
 */
export const DeadLetterSchema = z.object({
  id: z.string(),
  consumer: ConsumerNameSchema,
  event: DomainEventSchema,
  /** The last failure's message, cut to a few hundred characters. */
  error: z.string(),
  attempts: z.number().int().min(1),
  parkedAt: z.string().datetime(),
  replayedAt: z.string().datetime().nullable(),
  replayedBy: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export const DeadLetterQuerySchema = PageQuerySchema.extend({ consumer: ConsumerNameSchema.optional() });
export const DeadLetterPageSchema = pageOf(DeadLetterSchema);
