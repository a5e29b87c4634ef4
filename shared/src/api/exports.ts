import { z } from 'zod';
import { IdSchema, PageQuerySchema } from './common.ts';

/** Formats a book exports to. EPUB first; PDF and others join this list when they exist. */
export const ExportFormatSchema = z.enum(['epub']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ExportCreateRequestSchema = z.strictObject({
  format: ExportFormatSchema,
  /** A named version of the book to export as it was saved; without it, the book as it is now. */
  versionId: IdSchema.optional(),
});
export type ExportCreateRequest = z.infer<typeof ExportCreateRequestSchema>;

/** The book's exports, optionally only those of one named version. */
export const ExportListQuerySchema = PageQuerySchema.extend({ versionId: IdSchema.optional() });
export type ExportListQuery = z.infer<typeof ExportListQuerySchema>;

/**
 * What an export was built from: a named version's snapshot, or the live book (with the book's
 * version number when the export was asked for, so "which text is this?" has an answer later).
 */
export const ExportSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('version'), versionId: z.string(), name: z.string() }),
  z.object({ kind: z.literal('current'), bookVersion: z.number().int() }),
]);
export type ExportSource = z.infer<typeof ExportSourceSchema>;

export const ExportStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type ExportStatus = z.infer<typeof ExportStatusSchema>;

/**
 * Where in its chapter a finding is: the ProseMirror position of the node the offending element was
 * made from (as in a validation problem's location), so the editor can select it. Absent when the
 * checker gave no place that maps to a node, and in reports stored before findings carried it.
 */
const FindingPositionSchema = z.number().int().min(0).optional();

/** One EPUBCheck message, with the chapter it is in when the file is a chapter. */
export const EpubCheckFindingSchema = z.object({
  id: z.string(),
  severity: z.string(),
  message: z.string(),
  path: z.string().nullable(),
  line: z.number().nullable(),
  chapterId: z.string().nullable(),
  position: FindingPositionSchema,
});

/** One Ace violation (impact critical/serious/moderate/minor), with its chapter when known. */
export const AceFindingSchema = z.object({
  impact: z.string(),
  rule: z.string(),
  description: z.string(),
  path: z.string().nullable(),
  chapterId: z.string().nullable(),
  position: FindingPositionSchema,
});

/** What the exporter itself left out or changed (a broken link, a missing image), per chapter. */
export const ExportProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  chapterId: z.string().nullable(),
});

export const ExportReportSchema = z.object({
  /** EPUBCheck found no fatal, error or warning message. */
  valid: z.boolean(),
  /** Ace found no critical or serious violation, so the accessibility claim was made. */
  accessible: z.boolean(),
  epubCheck: z.object({
    version: z.string(),
    counts: z.record(z.string(), z.number()),
    messages: z.array(EpubCheckFindingSchema),
    truncated: z.boolean(),
  }),
  ace: z.object({
    version: z.string(),
    counts: z.record(z.string(), z.number()),
    violations: z.array(AceFindingSchema),
    truncated: z.boolean(),
  }),
  problems: z.array(ExportProblemSchema),
});
export type ExportReport = z.infer<typeof ExportReportSchema>;

export const ExportJobSchema = z.object({
  id: z.string(),
  bookId: z.string(),
  format: ExportFormatSchema,
  status: ExportStatusSchema,
  /** null only for jobs started before exports recorded their source. */
  source: ExportSourceSchema.nullable(),
  progress: z.object({ percent: z.number().int().min(0).max(100), step: z.string() }),
  requestedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  report: ExportReportSchema.nullable(),
  /** Size of the EPUB in bytes, once it exists. */
  bytes: z.number().nullable(),
  /** Where to fetch the EPUB (an authenticated api route), once the job has succeeded. */
  downloadUrl: z.string().nullable(),
  /** Where to fetch the full EPUBCheck and Ace JSON reports. */
  reportUrls: z.object({ epubCheck: z.string(), ace: z.string() }).nullable(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;
