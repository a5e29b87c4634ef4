import { z } from 'zod';

export const ChapterSummarySchema = z.object({ id: z.string(), title: z.string(), order: z.number().int() });
/** A user's part in one book, separate from their platform roles. */
export const BookMemberRoleSchema = z.enum(['owner', 'co_author', 'editor', 'reviewer', 'publisher']);
export type BookMemberRole = z.infer<typeof BookMemberRoleSchema>;

export const BookSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  status: z.string(),
  ownerId: z.string(),
  /** The caller's membership; null when they see the book as a publisher or admin without being a member. */
  role: BookMemberRoleSchema.nullable(),
  updatedAt: z.string(),
});
export const BookDetailSchema = BookSummarySchema.extend({ chapters: z.array(ChapterSummarySchema) });
export type BookSummary = z.infer<typeof BookSummarySchema>;
export type BookDetail = z.infer<typeof BookDetailSchema>;

/** Chapters a new book may start with: all of them are written in one transaction (max 100 items). */
export const MAX_CHAPTERS_AT_CREATION = 50;
export const BookTitleSchema = z.string().trim().min(1).max(200);
export const BookCreateRequestSchema = z.strictObject({
  title: BookTitleSchema,
  subtitle: z.string().trim().max(300).optional(),
  chapters: z
    .array(z.strictObject({ title: z.string().trim().min(1).max(200) }))
    .max(MAX_CHAPTERS_AT_CREATION)
    .default([]),
});
export type BookCreateRequest = z.input<typeof BookCreateRequestSchema>;
