import { z } from 'zod';
import { IdSchema, PageQuerySchema } from './common.ts';

/**
 * A book's media library: images placed in chapters (with alt text, caption, credit) and the cover.
 * Bytes never pass through the api: the client PUTs them to a presigned S3 URL, then asks the api to
 * check what arrived and record it.
 */
export const MEDIA_KINDS = ['image', 'cover'] as const;
export const MediaKindSchema = z.enum(MEDIA_KINDS);
export type MediaKind = z.infer<typeof MediaKindSchema>;

export const MEDIA_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export const MediaContentTypeSchema = z.enum(MEDIA_CONTENT_TYPES);
export type MediaContentType = z.infer<typeof MediaContentTypeSchema>;

const MB = 1024 * 1024;
/** Covers are larger: retailers want 1600×2560 and more, often as high-quality JPEG. */
export const MEDIA_MAX_BYTES: Record<MediaKind, number> = { image: 10 * MB, cover: 20 * MB };
/** No side beyond this: no retailer or reading system wants more, and decoders choke on much more. */
export const MEDIA_MAX_SIDE_PX = 10_000;
/** Decoded as RGBA this is 200 MB: the most a reader's device should ever be asked to hold for one image. */
export const MEDIA_MAX_PIXELS = 50_000_000;
export const MEDIA_ALT_MAX = 1000;
export const MEDIA_CAPTION_MAX = 2000;
export const MEDIA_CREDIT_MAX = 500;

/** Why an uploaded file was refused (the error `code` of the 422). The file is deleted in every case. */
export const MediaRejection = {
  notAnImage: 'not_an_image',
  typeMismatch: 'content_type_mismatch',
  tooLarge: 'too_large',
  sizeMismatch: 'size_mismatch',
  dimensionsOutOfRange: 'dimensions_out_of_range',
  decompressionBomb: 'decompression_bomb',
  uploadMissing: 'upload_missing',
} as const;
export type MediaRejection = (typeof MediaRejection)[keyof typeof MediaRejection];

/**
 * A media id the client may choose, so a chapter can name an image before it is uploaded (offline):
 * a ULID, like the ids the server makes, so the library's "newest first" order still holds.
 */
export const MediaClientIdSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID (26 characters, Crockford base 32)');

export const MediaUploadRequestSchema = z
  .strictObject({
    /** Chosen by the client (see MediaClientIdSchema); the server makes one when absent. */
    mediaId: MediaClientIdSchema.optional(),
    kind: MediaKindSchema,
    contentType: MediaContentTypeSchema,
    /** The file's exact size: the presigned URL only accepts a body of this length. */
    bytes: z.number().int().min(1),
  })
  .superRefine((value, ctx) => {
    const max = MEDIA_MAX_BYTES[value.kind];
    if (value.bytes > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['bytes'],
        message: `must be at most ${max} bytes for ${value.kind === 'cover' ? 'a cover' : 'an image'}`,
      });
    }
  });
export type MediaUploadRequest = z.infer<typeof MediaUploadRequestSchema>;

export const MediaUploadResponseSchema = z.object({
  mediaId: IdSchema,
  upload: z.object({
    url: z.string(),
    method: z.literal('PUT'),
    /** Send exactly these headers with the PUT: they are part of the signature. */
    headers: z.record(z.string(), z.string()),
  }),
  expiresAt: z.string(),
});
export type MediaUploadResponse = z.infer<typeof MediaUploadResponseSchema>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const MediaCompleteRequestSchema = z.strictObject({
  /** Required for images (screen readers read it; EPUB accessibility needs it); optional for covers. */
  alt: z.string().trim().max(MEDIA_ALT_MAX).optional(),
  caption: optionalText(MEDIA_CAPTION_MAX),
  credit: optionalText(MEDIA_CREDIT_MAX),
});
export type MediaCompleteRequest = z.infer<typeof MediaCompleteRequestSchema>;

export const MediaUpdateRequestSchema = z
  .strictObject({
    alt: z.string().trim().max(MEDIA_ALT_MAX).optional(),
    caption: optionalText(MEDIA_CAPTION_MAX),
    credit: optionalText(MEDIA_CREDIT_MAX),
  })
  .refine((v) => v.alt !== undefined || v.caption !== undefined || v.credit !== undefined, {
    message: 'send at least one of alt, caption, credit',
  });
export type MediaUpdateRequest = z.infer<typeof MediaUpdateRequestSchema>;

export const MediaItemSchema = z.object({
  id: IdSchema,
  bookId: IdSchema,
  kind: MediaKindSchema,
  contentType: MediaContentTypeSchema,
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  alt: z.string(),
  caption: z.string().nullable(),
  credit: z.string().nullable(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Where to GET the bytes (with the caller's token): it redirects to a short-lived URL. */
  contentUrl: z.string(),
});
export type MediaItem = z.infer<typeof MediaItemSchema>;

export const MediaListQuerySchema = PageQuerySchema.extend({ kind: MediaKindSchema.optional() });
export type MediaListQuery = z.infer<typeof MediaListQuerySchema>;

/** A URL the browser can put in `<img src>` for a minute (same origin locally, through /s3). */
export const MediaContentUrlSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type MediaContentUrl = z.infer<typeof MediaContentUrlSchema>;
