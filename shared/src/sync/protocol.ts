/**
 * The sync wire protocol: y-websocket's messages (so the stock `WebsocketProvider` connects unchanged)
 * plus one message of our own, *persisted*. See sync-server/README.md, "Protocol".
 *
 * URL: `ws(s)://<host>/sync/<docName>?token=<syncToken>&v=<SYNC_PROTOCOL_VERSION>`. A missing `v` is
 * accepted as the current version (the stock provider cannot add it unless told through `params`);
 * any other value closes with 4400.
 *
 * Every frame is `varUint messageType` followed by its body (lib0 encoding):
 *
 * | type | name            | body                                                                      | direction |
 * |------|-----------------|---------------------------------------------------------------------------|-----------|
 * | 0    | sync            | `varUint step` (0 step1, 1 step2, 2 update) + `varUint8Array payload`      | both      |
 * | 1    | awareness       | `varUint8Array awarenessUpdate`                                           | both      |
 * | 2    | auth            | `varUint kind` + `varString`: kind 0 permission denied (reason), 1 token  | both      |
 * | 3    | queryAwareness  | (empty)                                                                   | c → s     |
 * | 100  | persisted       | `varUint upTo`                                                            | s → c     |
 */
export const SYNC_PROTOCOL_VERSION = 1;

export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Outside y-websocket's 0..3 so the stock provider ignores it (it logs an unknown type and moves on). */
  persisted: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/** Auth message kinds. y-protocols defines 0 (permission denied); 1 carries a fresh token from the client. */
export const AuthKind = { permissionDenied: 0, token: 1 } as const;

/** Root type names inside a chapter's Y.Doc. */
export const DocRoots = {
  /** TipTap's Collaboration extension stores the manuscript in this Y.XmlFragment. */
  text: 'default',
  /**
   * Comment threads live in their own Y.Map (thread id → thread), anchored to the text by relative
   * positions, so a `comment` token can be checked by which root an update touches.
   */
  comments: 'comments',
} as const;

const DOC_NAME = /^book\/([A-Za-z0-9_-]{1,64})\/chapter\/([A-Za-z0-9_-]{1,64})$/;

/** Documents are `book/<bookId>/chapter/<chapterId>`; ids are ulids or slugs. Null when the name is not one. */
export function parseDocName(name: string): { bookId: string; chapterId: string } | null {
  const match = DOC_NAME.exec(name);
  return match ? { bookId: match[1]!, chapterId: match[2]! } : null;
}

export function chapterDocName(bookId: string, chapterId: string): string {
  return `book/${bookId}/chapter/${chapterId}`;
}
