import { z } from 'zod';
import { BookStatusFilterSchema, MAX_CHAPTERS_PER_BOOK } from '../api/books.ts';
import { ImportFormatSchema } from '../api/imports.ts';

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
  'book.status_changed',
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

/**
 * `import.completed`: a DOCX or Markdown import finished and its chapters are in the book (`bookId`;
 * `subject.importJobId` names the job, `actorId` who started it). Written in the same transaction
 * that marks the job succeeded, so it exists exactly when the job says so. The chapters' text went
 * into the sync server's logs before; a consumer reads it from there.
 */
export const ImportCompletedDataSchema = z.strictObject({
  format: ImportFormatSchema,
  /** true when the import created the book (search and notifications see a new book). */
  newBook: z.boolean(),
  /** The chapters it added, in book order; bounded by the chapters a book may hold. */
  chapterIds: z.array(z.string().min(1).max(64)).max(MAX_CHAPTERS_PER_BOOK),
  /** Images it added to the book's media library. */
  mediaCount: z.number().int().nonnegative(),
  /** Things it kept differently or left out (the job lists them). */
  warningCount: z.number().int().nonnegative(),
});
export type ImportCompletedData = z.infer<typeof ImportCompletedDataSchema>;

/**
 * `book.status_changed`: the workflow moved the book (`bookId`) from one state to another; `actorId` is
 * whoever made the transition. Written in the same transaction as the status and the book's version
 * bump (domain/bookStatusChanger.ts), so of two racing transitions only the winner emits one. An
 * automatic version of the whole book is taken for each (versions/automaticVersions.ts).
 */
export const BookStatusChangedDataSchema = z.strictObject({
  from: BookStatusFilterSchema,
  to: BookStatusFilterSchema,
  /** The workflow's name for the transition ('submit', 'request_changes', …). */
  transition: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  /** The book's version after the change. */
  version: z.number().int().positive(),
});
export type BookStatusChangedData = z.infer<typeof BookStatusChangedDataSchema>;

/**
 * Events whose `data` has a schema of its own: the outbox checks it when the event is written, so a
 * consumer may parse it with the same schema. Others carry the loose `data` above.
 */
export const DomainEventDataSchemas: Partial<Record<DomainEventType, z.ZodType>> = {
  'import.completed': ImportCompletedDataSchema,
  'book.status_changed': BookStatusChangedDataSchema,
};
