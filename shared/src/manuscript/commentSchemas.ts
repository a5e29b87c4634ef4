/**
 * Comment threads: how they are stored in a chapter's Y.Doc and the plain objects the model hands out.
 *
 * Storage (the `comments` root Y.Map, thread id → Y.Map):
 *   anchorFrom, anchorTo  Uint8Array   encoded Yjs relative positions (see commentAnchors.ts)
 *   quote                 string       the anchored text when the thread was created
 *   body                  string       the opening comment
 *   authorId, authorName  string
 *   createdAt             ISO string;  editedAt: ISO string, absent until edited
 *   mentions              [{id,name}]  resolved when the body was written (commentMentions.ts)
 *   resolved              boolean;     resolvedBy: {id,name} and resolvedAt: ISO string while resolved
 *   replies               Y.Array of Y.Map { id, body, authorId, authorName, createdAt, editedAt?, mentions }
 *
 * Every field that can change on its own is its own key, so concurrent changes (one user resolves
 * while another edits the body) both survive; replies are a Y.Array so concurrent replies interleave
 * instead of overwriting each other.
 */
import { z } from 'zod';

export const MAX_COMMENT_BODY_LENGTH = 10_000;

export const CommentPersonSchema = z.object({ id: z.string().min(1), name: z.string() });
export type CommentPerson = z.infer<typeof CommentPersonSchema>;

export const CommentBodySchema = z.string().trim().min(1).max(MAX_COMMENT_BODY_LENGTH);

const IsoDateSchema = z.iso.datetime();

/**
 * What a stored thread must look like to be listed. A `comment` token may write anything inside the
 * comments root (the server checks the root, not the shape), so listing skips what does not parse
 * rather than trusting it.
 */
export const StoredReplySchema = z.object({
  id: z.string().min(1),
  body: z.string(),
  authorId: z.string().min(1),
  authorName: z.string(),
  createdAt: IsoDateSchema,
  editedAt: IsoDateSchema.optional(),
  mentions: z.array(CommentPersonSchema).default([]),
});

export const StoredThreadSchema = z.object({
  anchorFrom: z.instanceof(Uint8Array),
  anchorTo: z.instanceof(Uint8Array),
  quote: z.string(),
  body: z.string(),
  authorId: z.string().min(1),
  authorName: z.string(),
  createdAt: IsoDateSchema,
  editedAt: IsoDateSchema.optional(),
  mentions: z.array(CommentPersonSchema).default([]),
  resolved: z.boolean(),
  resolvedBy: CommentPersonSchema.optional(),
  resolvedAt: IsoDateSchema.optional(),
  replies: z.array(z.unknown()).default([]),
});

export const AnchorPointSchema = z.object({
  path: z.array(z.number().int().nonnegative()),
  offset: z.number().int().nonnegative(),
});

/** Where the thread is now: a range with its current text, or nothing left of the text it was on. */
export const CommentAnchorSchema = z.discriminatedUnion('onDeletedText', [
  z.object({
    onDeletedText: z.literal(false),
    from: AnchorPointSchema,
    to: AnchorPointSchema,
    text: z.string(),
  }),
  z.object({ onDeletedText: z.literal(true) }),
]);
export type CommentAnchor = z.infer<typeof CommentAnchorSchema>;

export const CommentReplySchema = z.object({
  id: z.string(),
  body: z.string(),
  author: CommentPersonSchema,
  createdAt: IsoDateSchema,
  editedAt: IsoDateSchema.nullable(),
  mentions: z.array(CommentPersonSchema),
});
export type CommentReply = z.infer<typeof CommentReplySchema>;

/** The plain projection of a thread that `listThreads` returns. */
export const CommentThreadSchema = z.object({
  id: z.string(),
  body: z.string(),
  author: CommentPersonSchema,
  createdAt: IsoDateSchema,
  editedAt: IsoDateSchema.nullable(),
  mentions: z.array(CommentPersonSchema),
  /** The text the thread was created on, kept for threads whose text is gone. */
  quote: z.string(),
  anchor: CommentAnchorSchema,
  resolved: z.boolean(),
  resolvedBy: CommentPersonSchema.nullable(),
  resolvedAt: IsoDateSchema.nullable(),
  replies: z.array(CommentReplySchema),
});
export type CommentThread = z.infer<typeof CommentThreadSchema>;

/** Stable codes of the model's refusals; the client branches on these, never on messages. */
export const CommentErrorCode = {
  notFound: 'comment_not_found',
  notAuthor: 'not_comment_author',
  invalidBody: 'invalid_comment_body',
  invalidAnchor: 'invalid_comment_anchor',
} as const;
export type CommentErrorCode = (typeof CommentErrorCode)[keyof typeof CommentErrorCode];

export class CommentError extends Error {
  constructor(
    readonly code: CommentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommentError';
  }
}
