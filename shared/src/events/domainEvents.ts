import { z } from 'zod';

/**
 * What happened, as the consumers (search index, activity, notifications, analytics, audit) read it.
 * A state change writes its event into the table in the same transaction as the change (the
 * transactional outbox, DESIGN §9), so an event exists exactly when its change does. Consumers are
 * idempotent by `id` and must tolerate redelivery and any order across books; within one book the
 * dispatcher keeps the order in which the writes committed.
 *
 * Events carry ids and the few fields a consumer needs to decide whether to look further, never the
 * whole entity: a consumer that needs the current state reads it (the event may be old by then).
 */
export const DomainEventTypes = [
  'book.created',
  'book.updated',
  'book.binned',
  'book.restored',
  'book.purged',
  'chapter.created',
  'chapter.updated',
  'chapter.reordered',
  'chapter.deleted',
  'member.added',
  'member.changed',
  'member.removed',
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'media.added',
  'media.updated',
  'media.deleted',
  'version.created',
  'version.restored',
  'import.completed',
] as const;

export const DomainEventTypeSchema = z.enum(DomainEventTypes);
export type DomainEventType = z.infer<typeof DomainEventTypeSchema>;

export const DomainEventSchema = z.object({
  /** ULID: unique, and sorts in the order the events were written. */
  id: z.string().min(1).max(64),
  type: DomainEventTypeSchema,
  /** ISO time of the change. */
  at: z.string().datetime(),
  /** Who made the change; absent for system changes (purge, imports run by a job). */
  actorId: z.string().min(1).max(64).optional(),
  bookId: z.string().min(1).max(64).optional(),
  /** The ids the event is about beyond the book (chapterId, userId, mediaId, versionId…). */
  subject: z.record(z.string(), z.string().max(200)).default({}),
  /** Small facts for consumers (changed field names, the new title…); at most a few kB. */
  data: z.record(z.string(), z.unknown()).default({}),
});
export type DomainEvent = z.infer<typeof DomainEventSchema>;
