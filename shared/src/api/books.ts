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
  role: BookMemberRoleSchema,
  updatedAt: z.string(),
});
export const BookDetailSchema = BookSummarySchema.extend({ chapters: z.array(ChapterSummarySchema) });
export type BookSummary = z.infer<typeof BookSummarySchema>;
export type BookDetail = z.infer<typeof BookDetailSchema>;
