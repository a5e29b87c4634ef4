import { z } from 'zod';

/**
 * Presence: who is in a book and where. One channel per book, the document `book/<bookId>/presence`,
 * reached with the book's ordinary sync token (any access level: being present needs only read).
 * It carries y-websocket *awareness* and nothing else: the server answers sync step 1 with an empty
 * document, refuses any update that carries content (4403, `presence_is_awareness_only`), never
 * loads or stores anything for it, and relays awareness across nodes like a chapter's.
 *
 * Each client publishes one awareness state of the shape below. The server relays only states that
 * parse, whose `user.id` is the token's subject, at most one client id per connection, and never a
 * client id another connection owns; everything else is dropped (see
 * sync-server/src/room/presenceGate.ts). A connection's state disappears when its socket closes.
 */
export const PRESENCE_DOC_SUFFIX = 'presence';

const PRESENCE_DOC_NAME = /^book\/([A-Za-z0-9_-]{1,64})\/presence$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function presenceDocName(bookId: string): string {
  return `book/${bookId}/${PRESENCE_DOC_SUFFIX}`;
}

/** The book of a presence channel's name; null when the name is not one. */
export function parsePresenceDocName(name: string): { bookId: string } | null {
  const match = PRESENCE_DOC_NAME.exec(name);
  return match ? { bookId: match[1]! } : null;
}

export const PresenceActivitySchema = z.enum(['viewing', 'editing']);
/** `editing`: in a chapter with edit access; `viewing`: reading a chapter, or on the book page. */
export type PresenceActivity = z.infer<typeof PresenceActivitySchema>;

export const PresenceUserSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(100),
  /** The user's caret colour (client/src/editor/collaboratorColor.ts), so the list matches the carets. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});
export type PresenceUser = z.infer<typeof PresenceUserSchema>;

export const PresenceStateSchema = z.strictObject({
  user: PresenceUserSchema,
  /** The chapter open in that tab; null on the book page. */
  chapterId: z.string().regex(ID).nullable(),
  activity: PresenceActivitySchema,
});
export type PresenceState = z.infer<typeof PresenceStateSchema>;

/**
 * A state is a few hundred bytes at most; the cap keeps one client from making every other client
 * in the book download (and every node relay) kilobytes on each 15-second renewal.
 */
export const MAX_PRESENCE_STATE_BYTES = 1024;
