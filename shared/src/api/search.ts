import { z } from 'zod';
import { BookStatusFilterSchema } from './books.ts';

/** Longest query and filter values accepted: a search box, not a document. */
export const MAX_SEARCH_QUERY_LENGTH = 200;
export const MAX_SEARCH_LIMIT = 50;

/**
 * GET /api/search. `q` is required (the index ranks by it); filters narrow the results. `language`
 * matches the tag or its subtags (`en` finds `en-GB`); `subject` a BISAC or Thema code or any code
 * under it (`FB` finds `FBA`); `contributor` any contributor whose name contains it (case and accents
 * ignored).
 */
export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH),
  status: BookStatusFilterSchema.optional(),
  language: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as en or en-GB')
    .optional(),
  subject: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.]{1,16}$/, 'must be a BISAC or Thema code')
    .optional(),
  contributor: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** Where a snippet comes from; `text` and `chapterTitle` name their chapter. */
export const SnippetFieldSchema = z.enum([
  'title',
  'subtitle',
  'contributors',
  'metadata',
  'chapterTitle',
  'text',
]);
export type SnippetField = z.infer<typeof SnippetFieldSchema>;

/**
 * A piece of the book's own text with the matched words as [start, end) offsets into `text`. The
 * client marks the ranges itself, so no HTML built from user text ever crosses the wire.
 */
export const SearchSnippetSchema = z.object({
  field: SnippetFieldSchema,
  chapterId: z.string().optional(),
  chapterTitle: z.string().optional(),
  text: z.string(),
  highlights: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});
export type SearchSnippet = z.infer<typeof SearchSnippetSchema>;

export const SearchHitSchema = z.object({
  bookId: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  status: z.string(),
  language: z.string().nullable(),
  contributors: z.array(z.object({ name: z.string(), role: z.string() })),
  score: z.number(),
  snippets: z.array(SearchSnippetSchema),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultPageSchema = z.object({
  items: z.array(SearchHitSchema),
  nextCursor: z.string().nullable(),
});
export type SearchResultPage = z.infer<typeof SearchResultPageSchema>;
