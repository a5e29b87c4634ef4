import { z } from 'zod';

/**
 * One validation run over a book: located problems the client can jump to. Workflow rules read the
 * same report (an error blocks submission or publication; a warning is shown but does not block).
 */
export const ValidationSeveritySchema = z.enum(['error', 'warning']);
export type ValidationSeverity = z.infer<typeof ValidationSeveritySchema>;

export const ValidationCode = {
  chapterEmpty: 'chapter_empty',
  bookHasNoChapters: 'book_has_no_chapters',
  imageMissingAlt: 'image_missing_alt',
  brokenInternalLink: 'broken_internal_link',
  footnoteEmpty: 'footnote_empty',
  headingLevelSkipped: 'heading_level_skipped',
  chapterTitleMisplaced: 'chapter_title_misplaced',
  unresolvedComments: 'unresolved_comments',
  metadataMissing: 'metadata_missing',
  isbnInvalid: 'isbn_invalid',
  coverMissing: 'cover_missing',
  coverTooSmall: 'cover_too_small',
} as const;
export type ValidationCode = (typeof ValidationCode)[keyof typeof ValidationCode];

/** Where a problem is: a position in a chapter (ProseMirror position, so the editor can select it) or a metadata field. */
export const ProblemLocationSchema = z.union([
  z.object({
    kind: z.literal('chapter'),
    chapterId: z.string(),
    chapterTitle: z.string(),
    /** ProseMirror document position of the offending node; absent when the problem is the whole chapter. */
    position: z.number().int().min(0).optional(),
  }),
  z.object({ kind: z.literal('metadata'), field: z.string() }),
  z.object({ kind: z.literal('book') }),
]);
export type ProblemLocation = z.infer<typeof ProblemLocationSchema>;

export const ValidationProblemSchema = z.object({
  code: z.enum(Object.values(ValidationCode) as [ValidationCode, ...ValidationCode[]]),
  severity: ValidationSeveritySchema,
  message: z.string(),
  where: ProblemLocationSchema,
});
export type ValidationProblem = z.infer<typeof ValidationProblemSchema>;

export const ValidationReportSchema = z.object({
  bookId: z.string(),
  checkedAt: z.string(),
  /** The book version the report describes; a newer book makes it stale. */
  bookVersion: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  problems: z.array(ValidationProblemSchema),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

/**
 * Retailers' smallest accepted cover: Apple Books asks for at least 1400 px on the shorter side,
 * Kobo and Google Play accept that too; KDP recommends more but takes it.
 */
export const MIN_COVER_SHORT_SIDE_PX = 1400;
