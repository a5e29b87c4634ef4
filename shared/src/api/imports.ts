import { z } from 'zod';
import { BookTitleSchema } from './books.ts';
import { IdSchema } from './common.ts';

/**
 * Importing a manuscript (a Word .docx or a Markdown file) into a new book or at the end of an existing
 * one. The file goes straight to S3 through a presigned PUT (like media: the api's 1 MB body limit
 * stays universal and no route has to stream 20 MB through the request pipeline); the api checks it
 * when the import is started and converts it in a job whose status the client polls.
 */
export const IMPORT_FORMATS = ['docx', 'markdown'] as const;
export const ImportFormatSchema = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

/** The content type each format is uploaded with (it is part of the presigned PUT's signature). */
export const IMPORT_CONTENT_TYPES: Record<ImportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown',
};

/** A 300-page novel in Word is under 1 MB; 20 MB leaves room for a few dozen photos. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

export const ImportUploadRequestSchema = z.strictObject({
  format: ImportFormatSchema,
  /** The file's exact size: the presigned URL only accepts a body of this length. */
  bytes: z.number().int().min(1).max(IMPORT_MAX_BYTES, `must be at most ${IMPORT_MAX_BYTES} bytes`),
});
export type ImportUploadRequest = z.infer<typeof ImportUploadRequestSchema>;

export const ImportUploadResponseSchema = z.object({
  uploadId: IdSchema,
  upload: z.object({
    url: z.string(),
    method: z.literal('PUT'),
    /** Send exactly these headers with the PUT: they are part of the signature. */
    headers: z.record(z.string(), z.string()),
  }),
  expiresAt: z.string(),
});
export type ImportUploadResponse = z.infer<typeof ImportUploadResponseSchema>;

const FileNameSchema = z.string().trim().min(1).max(255);

/** Start an import into an existing book: its chapters are added after the book's last chapter. */
export const ImportCreateRequestSchema = z.strictObject({
  uploadId: IdSchema,
  format: ImportFormatSchema,
  /** The file's name as the user picked it (shown in the job; the new book's title falls back to it). */
  fileName: FileNameSchema.optional(),
});
export type ImportCreateRequest = z.infer<typeof ImportCreateRequestSchema>;

/** Start an import into a new book; without `title` the book is named after the file. */
export const NewBookImportRequestSchema = ImportCreateRequestSchema.extend({
  title: BookTitleSchema.optional(),
});
export type NewBookImportRequest = z.infer<typeof NewBookImportRequestSchema>;

export const ImportStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

/** Something the import kept differently or left out (an image of an unsupported type, …). */
export const ImportWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Which new chapter (0-based, in `chapterIds` order) it concerns, when one does. */
  chapterIndex: z.number().int().nullable(),
});
export type ImportWarning = z.infer<typeof ImportWarningSchema>;

/** At most this many warnings are kept on a job; `warningsTruncated` says when more were dropped. */
export const IMPORT_MAX_WARNINGS = 100;

export const ImportResultSchema = z.object({
  bookId: IdSchema,
  chapterIds: z.array(IdSchema),
  mediaIds: z.array(IdSchema),
  warnings: z.array(ImportWarningSchema),
  warningsTruncated: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ImportJobSchema = z.object({
  id: IdSchema,
  /** The book imported into; null for a new book until the import has created it. */
  bookId: IdSchema.nullable(),
  newBook: z.boolean(),
  format: ImportFormatSchema,
  fileName: z.string().nullable(),
  status: ImportStatusSchema,
  progress: z.object({ percent: z.number().int().min(0).max(100), step: z.string() }),
  requestedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  result: ImportResultSchema.nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;
