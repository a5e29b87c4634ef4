import { z } from 'zod';
import { PresenceUserSchema } from './presence.ts';

/**
 * A chapter's awareness state: who has the chapter open and where their caret is, drawn by TipTap's
 * CollaborationCaret (`user`) and y-prosemirror's cursor plugin (`cursor`). The sync server relays
 * only states that parse, whose `user.id` is the token's subject, at most one client id per
 * connection, and never a client id held by someone else (sync-server/src/room/chapterAwarenessGate.ts):
 * otherwise anyone with a token for the book could draw a caret under a co-author's name.
 *
 * Strict on purpose: the server relays what it parsed, so a field added on the client must be added
 * here too, or the whole state (caret included) is dropped.
 */
const YjsIdSchema = z.strictObject({
  client: z.number().int().nonnegative(),
  clock: z.number().int().nonnegative(),
});

/** `Y.RelativePosition` as JSON.stringify writes it (absent fields are null or left out). */
const RelativePositionSchema = z.strictObject({
  type: YjsIdSchema.nullable().optional(),
  tname: z.string().max(64).nullable().optional(),
  item: YjsIdSchema.nullable().optional(),
  assoc: z.number().int().optional(),
});

export const ChapterCursorSchema = z.strictObject({
  anchor: RelativePositionSchema,
  head: RelativePositionSchema,
});

export const ChapterAwarenessStateSchema = z.strictObject({
  /** The same identity as on the book's presence channel, so a caret and the people list agree. */
  user: PresenceUserSchema,
  /** Absent before the editor is focused, null once it lost focus. */
  cursor: ChapterCursorSchema.nullable().optional(),
});
export type ChapterAwarenessState = z.infer<typeof ChapterAwarenessStateSchema>;

/** A state with a caret is about 300 bytes; the cap bounds what every renewal makes everyone download. */
export const MAX_CHAPTER_AWARENESS_STATE_BYTES = 1024;
