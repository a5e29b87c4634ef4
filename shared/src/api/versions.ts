import { z } from 'zod';
import { BookDetailSchema, ChapterKindSchema, VersionSchema } from './books.ts';
import { IdSchema, pageOf } from './common.ts';

/**
 * Named versions of a book: a snapshot of every chapter's Yjs state plus the metadata and chapter
 * list, taken by a writer ("Sent to copyedit") or automatically at workflow transitions.
 */
export const VERSION_NAME_MAX = 120;
export const VersionNameSchema = z.string().trim().min(1).max(VERSION_NAME_MAX);

export const VersionCreateRequestSchema = z.strictObject({ name: VersionNameSchema });
export type VersionCreateRequest = z.infer<typeof VersionCreateRequestSchema>;

export const VersionChapterSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: ChapterKindSchema,
  order: z.number().int(),
  /** Size of the chapter's stored Yjs state in bytes. */
  bytes: z.number().int().nonnegative(),
});
export type VersionChapter = z.infer<typeof VersionChapterSchema>;

/**
 * What made the workflow take an automatic version: the book's move between two states. `eventId` is
 * the `book.status_changed` event it answers (and the version's id, so one event takes one version).
 */
export const VersionTriggerSchema = z.object({
  kind: z.literal('status_change'),
  eventId: z.string(),
  transition: z.string(),
  from: z.string(),
  to: z.string(),
});
export type VersionTrigger = z.infer<typeof VersionTriggerSchema>;

export const BookVersionSchema = z.object({
  id: z.string(),
  bookId: z.string(),
  name: z.string(),
  /** true for versions the workflow took at a transition, false for ones a writer named. */
  automatic: z.boolean().default(false),
  /** Why an automatic version was taken; null for a named one (and for records older than it). */
  trigger: VersionTriggerSchema.nullable().default(null),
  createdBy: z.string(),
  createdAt: z.string(),
  /** The book record's `version` when the snapshot was taken. */
  bookVersion: z.number().int(),
  chapters: z.array(VersionChapterSchema),
});
export type BookVersion = z.infer<typeof BookVersionSchema>;

export const BookVersionPageSchema = pageOf(BookVersionSchema);

/**
 * ProseMirror JSON, as TipTap's `editor.setContent` / `generateHTML` take it. A type alias, not an
 * interface, so it fits the schema's open object type below.
 */
export type ProseMirrorJson = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
};

/**
 * Checked one level deep: the nodes below are the same shape, but a recursive (lazy) schema cannot
 * be described in the OpenAPI document, and the api is the only writer of these trees.
 */
const MarkSchema = z.object({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() });
export const ProseMirrorJsonSchema = z.looseObject({
  type: z.string(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  content: z.array(z.looseObject({ type: z.string() })).optional(),
  text: z.string().optional(),
  marks: z.array(MarkSchema).optional(),
});

export const BookVersionDetailSchema = BookVersionSchema.extend({
  /** The book's metadata as it was (title, subtitle, contributors, …). */
  book: z.record(z.string(), z.unknown()),
  contents: z.array(z.object({ chapterId: z.string(), title: z.string(), content: ProseMirrorJsonSchema })),
});
export type BookVersionDetail = z.infer<typeof BookVersionDetailSchema>;

/** `current` = the book as it is now (chapters as the sync server stored them). */
export const VersionRefSchema = z.union([z.literal('current'), IdSchema]);
export const VersionCompareQuerySchema = z.strictObject({ from: VersionRefSchema, to: VersionRefSchema });

export const ChangeKindSchema = z.enum(['inserted', 'deleted']);
/**
 * A run of text. `by` is the user whose editor wrote an inserted run (from the Yjs client ids the
 * sync server recorded), or who deleted a deleted run (from the per-user delete sets it records; the
 * first by user id when several deleted the same text at once); null when unknown (history from
 * before those records, or a deletion the sync server could not attribute) and for a run that is
 * "deleted" only because a comparison reads the history backwards.
 */
export const DiffSegmentSchema = z.object({
  text: z.string(),
  change: ChangeKindSchema.nullable(),
  by: z.string().nullable(),
});
export const DiffBlockSchema = z.object({
  /** ProseMirror node name of the block (paragraph, heading, …). */
  node: z.string(),
  change: ChangeKindSchema.nullable(),
  segments: z.array(DiffSegmentSchema),
});
export const ChapterComparisonSchema = z.object({
  chapterId: z.string(),
  status: z.enum(['added', 'removed', 'changed', 'unchanged']),
  fromTitle: z.string().nullable(),
  toTitle: z.string().nullable(),
  insertions: z.array(z.object({ text: z.string(), by: z.string().nullable() })),
  deletions: z.array(z.object({ text: z.string(), by: z.string().nullable() })),
  blocks: z.array(DiffBlockSchema),
});
export type ChapterComparison = z.infer<typeof ChapterComparisonSchema>;

export const VersionSideSchema = z.object({
  ref: z.string(),
  name: z.string().nullable(),
  createdAt: z.string().nullable(),
});
export const VersionComparisonSchema = z.object({
  from: VersionSideSchema,
  to: VersionSideSchema,
  /** Display names of the users named in `by`. */
  people: z.array(z.object({ id: z.string(), name: z.string() })),
  chapters: z.array(ChapterComparisonSchema),
});
export type VersionComparison = z.infer<typeof VersionComparisonSchema>;

/**
 * Without `chapterId` the whole book is restored: its metadata, chapter list and every chapter's text.
 * That overwrites the metadata, so it needs the book's version (`version` or `If-Match`), like any
 * metadata write; a chapter's text alone does not.
 */
export const VersionRestoreRequestSchema = z.strictObject({
  chapterId: IdSchema.optional(),
  version: VersionSchema.optional(),
});
export type VersionRestoreRequest = z.infer<typeof VersionRestoreRequestSchema>;
export const VersionRestoreResultSchema = z.object({
  versionId: z.string(),
  chapters: z.array(
    z.object({
      chapterId: z.string(),
      /** restored: a new log entry brings the version's text back; unchanged: it already matched. */
      outcome: z.enum(['restored', 'unchanged']),
      seq: z.number().int().nullable(),
    }),
  ),
  /**
   * Chapters of the version that the book no longer has and that were not restored: a chapter restore
   * of one of them is a 409 instead, and a whole-book restore re-creates them, so this stays empty
   * (kept for clients that read it).
   */
  missingChapters: z.array(z.string()),
  /** Whole-book restore: chapters deleted since the version, created again with their id and text. */
  recreatedChapters: z.array(z.string()).default([]),
  /**
   * Whole-book restore: chapters added since the version. They are kept (their text is nobody's to
   * throw away), after the version's chapters in their current order.
   */
  keptChapters: z.array(z.string()).default([]),
  /** Whole-book restore: the book as it now is (new version, restored metadata and chapter list). */
  book: BookDetailSchema.optional(),
});
export type VersionRestoreResult = z.infer<typeof VersionRestoreResultSchema>;
