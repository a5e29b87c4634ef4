import { z } from 'zod';
import { SyncAccessSchema } from '../sync/syncToken.ts';
import { BookMetadataInputSchema, BookMetadataSchema } from './bookMetadata.ts';

/** Where a chapter sits in the book's structure; EPUB landmarks and the table of contents follow it. */
export const ChapterKindSchema = z.enum(['front_matter', 'chapter', 'part', 'back_matter']);
export type ChapterKind = z.infer<typeof ChapterKindSchema>;

/**
 * `kind` and `version` arrived with chapter editing; the defaults let the client read books cached
 * before then (every chapter was a plain chapter at version 1).
 */
export const ChapterSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  order: z.number().int(),
  kind: ChapterKindSchema.default('chapter'),
  version: z.number().int().default(1),
});
export type ChapterSummary = z.infer<typeof ChapterSummarySchema>;

/** A user's part in one book, separate from their platform roles. */
export const BookMemberRoleSchema = z.enum(['owner', 'co_author', 'editor', 'reviewer', 'publisher']);
export type BookMemberRole = z.infer<typeof BookMemberRoleSchema>;

export const BookStatusFilterSchema = z.enum([
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'ready_for_publication',
  'approved',
  'published',
]);

export const BookSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  status: z.string(),
  ownerId: z.string(),
  /** The caller's membership; null when they see the book as a publisher or admin without being a member. */
  role: BookMemberRoleSchema.nullable(),
  /**
   * The caller's access to the chapters (what their sync token carries; null for a book in the bin).
   * Optional only for copies cached before the server sent it: read it through `chapterAccessOf`
   * (shared/src/bookControls.ts), which errs on hiding controls for those.
   */
  access: SyncAccessSchema.nullable().optional(),
  updatedAt: z.string(),
  /** Bumped by every write; send it back as `If-Match: "<version>"` (or `version`) to change the book. */
  version: z.number().int().default(1),
});
export const BookDetailSchema = BookSummarySchema.extend({
  chapters: z.array(ChapterSummarySchema),
  createdAt: z.string().optional(),
  /** Set while the book is in the bin (restorable for 30 days); only its owner sees it then. */
  deletedAt: z.string().nullable().default(null),
  ...BookMetadataSchema.shape,
});
export type BookSummary = z.infer<typeof BookSummarySchema>;
export type BookDetail = z.infer<typeof BookDetailSchema>;

/** Chapters a new book may start with: all of them are written in one transaction (max 100 items). */
export const MAX_CHAPTERS_AT_CREATION = 50;
export const BookTitleSchema = z.string().trim().min(1).max(200);
export const ChapterTitleSchema = z.string().trim().min(1).max(200);
export const BookCreateRequestSchema = z.strictObject({
  title: BookTitleSchema,
  subtitle: z.string().trim().max(300).optional(),
  chapters: z
    .array(z.strictObject({ title: ChapterTitleSchema, kind: ChapterKindSchema.optional() }))
    .max(MAX_CHAPTERS_AT_CREATION)
    .default([]),
  ...BookMetadataInputSchema.partial().shape,
});
export type BookCreateRequest = z.input<typeof BookCreateRequestSchema>;

export const VersionSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * A partial update: only the fields present change; `null` clears an optional field. The version
 * being changed comes from `If-Match` or from `version` here (one of them is required).
 */
export const BookUpdateRequestSchema = z
  .strictObject({
    title: BookTitleSchema.optional(),
    subtitle: z.string().trim().max(300).nullable().optional(),
    version: VersionSchema.optional(),
    ...BookMetadataInputSchema.partial().shape,
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), {
    message: 'nothing to change',
    params: { code: 'empty_update' },
  });
export type BookUpdateRequest = z.infer<typeof BookUpdateRequestSchema>;

export const BookListQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: BookStatusFilterSchema.optional(),
  /** Case-insensitive substring of the title or subtitle. */
  q: z.string().trim().min(1).max(100).optional(),
});
export type BookListQuery = z.infer<typeof BookListQuerySchema>;

export const BookGetQuerySchema = z.strictObject({
  /** `true` lets the owner open a book in the bin (to restore it); others still get 404. */
  includeDeleted: z.enum(['true', 'false']).optional(),
});

/**
 * Ids a client may choose for what it creates (offline, a new chapter's document must be named
 * before the server has seen it): ulids or UUIDs, which also fit a sync document name.
 */
export const ClientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16–64 letters, digits, - or _');

export const ChapterCreateRequestSchema = z.strictObject({
  /** Chosen by the client (see ClientIdSchema); the server makes one when absent. */
  id: ClientIdSchema.optional(),
  title: ChapterTitleSchema,
  kind: ChapterKindSchema.default('chapter'),
  /** Insert after this chapter; without it the chapter goes at the end. */
  after: z.string().min(1).max(64).optional(),
});
export type ChapterCreateRequest = z.infer<typeof ChapterCreateRequestSchema>;

export const ChapterUpdateRequestSchema = z
  .strictObject({
    title: ChapterTitleSchema.optional(),
    kind: ChapterKindSchema.optional(),
    version: VersionSchema,
  })
  .refine((body) => body.title !== undefined || body.kind !== undefined, {
    message: 'nothing to change',
    params: { code: 'empty_update' },
  });

/**
 * Books hold at most this many chapters: a reorder or an insert rewrites every chapter plus the book
 * in one transaction, and DynamoDB allows 100 items per transaction.
 */
export const MAX_CHAPTERS_PER_BOOK = 98;
export const ChapterOrderRequestSchema = z.strictObject({
  chapterIds: z.array(z.string().min(1).max(64)).max(MAX_CHAPTERS_PER_BOOK),
  /** The book's version; `If-Match` may carry it instead. */
  version: VersionSchema.optional(),
});

/** A chapter write answers with the chapter and the book as it now is (new version, new order). */
export const ChapterWriteResponseSchema = z.object({ chapter: ChapterSummarySchema, book: BookDetailSchema });

export const BookMemberSchema = z.object({
  userId: z.string(),
  role: BookMemberRoleSchema,
  /**
   * What the member may do to the chapters (what their sync token carries). Stored per membership;
   * lists cached before it existed default to comment, the narrower of the two role defaults.
   */
  access: SyncAccessSchema.default('comment'),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  addedAt: z.string(),
});
export type BookMember = z.infer<typeof BookMemberSchema>;
export const BookMemberListSchema = z.object({ items: z.array(BookMemberSchema) });
/** Roles that can be given by adding a member; ownership is never handed out this way. */
export const AssignableMemberRoleSchema = BookMemberRoleSchema.exclude(['owner']);
export const MemberAddRequestSchema = z.strictObject({
  email: z.email().max(254),
  role: AssignableMemberRoleSchema,
  /** Defaults from the role (co-authors edit, everyone else comments). */
  access: SyncAccessSchema.optional(),
});
/** Changes a member's role or chapter access (owner); their open chapters reconnect with it. */
export const MemberUpdateRequestSchema = z
  .strictObject({ role: AssignableMemberRoleSchema.optional(), access: SyncAccessSchema.optional() })
  .refine((body) => body.role !== undefined || body.access !== undefined, {
    message: 'nothing to change',
    params: { code: 'empty_update' },
  });
