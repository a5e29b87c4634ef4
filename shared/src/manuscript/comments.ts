/**
 * Inline comment threads on a chapter's Y.Doc: pure functions over Yjs, used by the editor's side
 * panel and readable by anything that loads the document (exporter, workflow checks).
 *
 * Every write happens in one Yjs transaction with origin COMMENTS_ORIGIN and touches only the
 * `comments` root map (DocRoots.comments), never the text: that is what lets an editor with a
 * `comment` sync token comment at all, since the sync server refuses any update from such a token
 * that changes another root (sync-server/src/room/accessCheck.ts).
 *
 * Authorship gap: "only the author edits or deletes their comment" is enforced HERE, by the `by`
 * argument, i.e. by well-behaved clients. The server only enforces the comments-root boundary; a
 * crafted update from anyone holding a comment or edit token can rewrite any thread inside that root.
 * Closing the gap needs the server to attribute changes inside the root (e.g. inspect which thread
 * maps an update touches and compare their authorId with the token's subject).
 *
 * Anchors are given as Y.XmlText points (see commentAnchors.ts); the client converts editor
 * positions to them (client/src/editor/comments/positions.ts).
 */
import * as Y from 'yjs';
import { DocRoots } from '../sync/protocol.ts';
import {
  type AnchorPoint,
  compareAnchorPoints,
  decodeAnchorPoint,
  encodeAnchor,
  type IndexCache,
  pathOf,
  quoteBetween,
  type TextPoint,
  textRoot,
} from './commentAnchors.ts';
import { type CommentMember, parseMentions } from './commentMentions.ts';
import {
  type CommentAnchor,
  CommentBodySchema,
  CommentError,
  CommentErrorCode,
  type CommentPerson,
  type CommentReply,
  type CommentThread,
  StoredReplySchema,
  StoredThreadSchema,
} from './commentSchemas.ts';

export type { AnchorPoint, TextPoint } from './commentAnchors.ts';
export type { CommentMember } from './commentMentions.ts';
export * from './commentSchemas.ts';

/** Transaction origin of every comment write: undo managers that track the editor's own origin leave comments alone. */
export const COMMENTS_ORIGIN = 'galley:comments';

type ThreadMap = Y.Map<unknown>;

export function commentsRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(DocRoots.comments);
}

export interface CreateThreadInput {
  anchorFrom: TextPoint;
  anchorTo: TextPoint;
  body: string;
  author: CommentPerson;
  /** The book's members, to resolve `@name` mentions in the body. */
  members: readonly CommentMember[];
  now: Date;
  /** Defaults to a random id; a client that must retry idempotently passes its own. */
  id?: string;
}

/** Opens a thread on the text between two points; returns its id. */
export function createThread(doc: Y.Doc, input: CreateThreadInput): string {
  const body = validBody(input.body);
  const quote = validAnchorQuote(doc, input.anchorFrom, input.anchorTo);
  const id = input.id ?? newCommentId();
  doc.transact(() => {
    const thread: ThreadMap = new Y.Map();
    const { anchorFrom, anchorTo } = encodeAnchor(input.anchorFrom, input.anchorTo);
    thread.set('anchorFrom', anchorFrom);
    thread.set('anchorTo', anchorTo);
    thread.set('quote', quote);
    writeMessage(thread, { body, author: input.author, members: input.members, now: input.now });
    thread.set('resolved', false);
    thread.set('replies', new Y.Array<Y.Map<unknown>>());
    commentsRoot(doc).set(id, thread);
  }, COMMENTS_ORIGIN);
  return id;
}

export interface ReplyInput {
  threadId: string;
  body: string;
  author: CommentPerson;
  members: readonly CommentMember[];
  now: Date;
  id?: string;
}

/** Adds a reply at the end of a thread; returns its id. */
export function reply(doc: Y.Doc, input: ReplyInput): string {
  const body = validBody(input.body);
  const thread = threadById(doc, input.threadId);
  const id = input.id ?? newCommentId();
  doc.transact(() => {
    const message = new Y.Map<unknown>();
    message.set('id', id);
    writeMessage(message, { body, author: input.author, members: input.members, now: input.now });
    repliesOf(thread).push([message]);
  }, COMMENTS_ORIGIN);
  return id;
}

export function resolve(doc: Y.Doc, input: { threadId: string; by: CommentPerson; now: Date }): void {
  const thread = threadById(doc, input.threadId);
  doc.transact(() => {
    thread.set('resolved', true);
    thread.set('resolvedBy', { id: input.by.id, name: input.by.name });
    thread.set('resolvedAt', input.now.toISOString());
  }, COMMENTS_ORIGIN);
}

export function reopen(doc: Y.Doc, input: { threadId: string }): void {
  const thread = threadById(doc, input.threadId);
  doc.transact(() => {
    thread.set('resolved', false);
    thread.delete('resolvedBy');
    thread.delete('resolvedAt');
  }, COMMENTS_ORIGIN);
}

export interface EditBodyInput {
  threadId: string;
  /** The reply to edit; without it, the thread's opening comment. */
  replyId?: string;
  body: string;
  /** The user asking; must be the message's author. */
  by: string;
  members: readonly CommentMember[];
  now: Date;
}

export function editBody(doc: Y.Doc, input: EditBodyInput): void {
  const body = validBody(input.body);
  const thread = threadById(doc, input.threadId);
  const message = input.replyId === undefined ? thread : replyById(thread, input.replyId).message;
  assertAuthor(message, input.by);
  doc.transact(() => {
    message.set('body', body);
    message.set('mentions', parseMentions(body, input.members));
    message.set('editedAt', input.now.toISOString());
  }, COMMENTS_ORIGIN);
}

export function deleteReply(doc: Y.Doc, input: { threadId: string; replyId: string; by: string }): void {
  const thread = threadById(doc, input.threadId);
  const { message, index } = replyById(thread, input.replyId);
  assertAuthor(message, input.by);
  doc.transact(() => repliesOf(thread).delete(index, 1), COMMENTS_ORIGIN);
}

/**
 * Moves a thread onto new text points, keeping its quote. For the editor that just made a structural
 * edit y-prosemirror implements by re-creating characters (joining paragraphs, see commentAnchors.ts):
 * it still knows where the words went, from its own steps, and re-anchors the thread there. Called
 * inside the edit's own transaction, it joins that transaction (and its origin, so undo takes both).
 * Anyone who may comment may do it; it is not an authorship change.
 */
export function reanchorThread(
  doc: Y.Doc,
  input: { threadId: string; anchorFrom: TextPoint; anchorTo: TextPoint },
): void {
  const thread = threadById(doc, input.threadId);
  validAnchorQuote(doc, input.anchorFrom, input.anchorTo);
  const { anchorFrom, anchorTo } = encodeAnchor(input.anchorFrom, input.anchorTo);
  doc.transact(() => {
    thread.set('anchorFrom', anchorFrom);
    thread.set('anchorTo', anchorTo);
  }, COMMENTS_ORIGIN);
}

/** Deletes a whole thread, replies included; only its author may. */
export function deleteThread(doc: Y.Doc, input: { threadId: string; by: string }): void {
  const thread = threadById(doc, input.threadId);
  assertAuthor(thread, input.by);
  doc.transact(() => commentsRoot(doc).delete(input.threadId), COMMENTS_ORIGIN);
}

/**
 * Every well-formed thread as a plain object with its range resolved against the text as it is now,
 * in document order; threads on deleted text come last, oldest first.
 */
export function listThreads(doc: Y.Doc): CommentThread[] {
  const cache: IndexCache = new Map();
  const threads: CommentThread[] = [];
  commentsRoot(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const thread = projectThread(doc, id, value, cache);
    if (thread) threads.push(thread);
  });
  return threads.sort(documentOrder);
}

/** The current range of one thread as Yjs text points (null on deleted text), for callers that convert to editor positions. */
export function threadRange(doc: Y.Doc, threadId: string): { from: TextPoint; to: TextPoint } | null {
  const thread = threadById(doc, threadId);
  const anchorFrom = thread.get('anchorFrom');
  const anchorTo = thread.get('anchorTo');
  if (!(anchorFrom instanceof Uint8Array && anchorTo instanceof Uint8Array)) return null;
  const resolved = resolveRange(doc, anchorFrom, anchorTo, new Map());
  return resolved && { from: resolved.from, to: resolved.to };
}

function projectThread(doc: Y.Doc, id: string, map: ThreadMap, cache: IndexCache): CommentThread | null {
  const parsed = StoredThreadSchema.safeParse(map.toJSON());
  if (!parsed.success) return null;
  const stored = parsed.data;
  const replies: CommentReply[] = [];
  for (const raw of stored.replies) {
    const storedReply = StoredReplySchema.safeParse(raw);
    if (!storedReply.success) continue;
    const { authorId, authorName, editedAt, ...rest } = storedReply.data;
    replies.push({ ...rest, author: { id: authorId, name: authorName }, editedAt: editedAt ?? null });
  }
  const range = resolveRange(doc, stored.anchorFrom, stored.anchorTo, cache);
  const anchor: CommentAnchor = range
    ? { onDeletedText: false, from: range.fromPoint, to: range.toPoint, text: range.text }
    : { onDeletedText: true };
  return {
    id,
    body: stored.body,
    author: { id: stored.authorId, name: stored.authorName },
    createdAt: stored.createdAt,
    editedAt: stored.editedAt ?? null,
    mentions: stored.mentions,
    quote: stored.quote,
    anchor,
    resolved: stored.resolved,
    resolvedBy: stored.resolved ? (stored.resolvedBy ?? null) : null,
    resolvedAt: stored.resolved ? (stored.resolvedAt ?? null) : null,
    replies,
  };
}

interface ResolvedRange {
  from: TextPoint;
  to: TextPoint;
  fromPoint: AnchorPoint;
  toPoint: AnchorPoint;
  text: string;
}

/** The range two stored positions span today, or null when no character of it is left. */
function resolveRange(
  doc: Y.Doc,
  anchorFrom: Uint8Array,
  anchorTo: Uint8Array,
  cache: IndexCache,
): ResolvedRange | null {
  const root = textRoot(doc);
  const from = decodeAnchorPoint(doc, anchorFrom);
  const to = decodeAnchorPoint(doc, anchorTo);
  if (!from || !to) return null;
  const fromPath = pathOf(from.text, root, cache);
  const toPath = pathOf(to.text, root, cache);
  if (!fromPath || !toPath) return null;
  const fromPoint = { path: fromPath, offset: from.index };
  const toPoint = { path: toPath, offset: to.index };
  if (compareAnchorPoints(fromPoint, toPoint) >= 0) return null;
  const quote = quoteBetween(root, from, to);
  if (quote.characters === 0) return null;
  return { from, to, fromPoint, toPoint, text: quote.text };
}

function documentOrder(a: CommentThread, b: CommentThread): number {
  if (a.anchor.onDeletedText || b.anchor.onDeletedText) {
    if (a.anchor.onDeletedText !== b.anchor.onDeletedText) return a.anchor.onDeletedText ? 1 : -1;
    return a.createdAt.localeCompare(b.createdAt);
  }
  return compareAnchorPoints(a.anchor.from, b.anchor.from) || a.createdAt.localeCompare(b.createdAt);
}

function validBody(body: string): string {
  const parsed = CommentBodySchema.safeParse(body);
  if (!parsed.success)
    throw new CommentError(
      CommentErrorCode.invalidBody,
      'A comment needs some text (at most 10,000 characters).',
    );
  return parsed.data;
}

/** Checks a new range and returns the text it covers. */
function validAnchorQuote(doc: Y.Doc, from: TextPoint, to: TextPoint): string {
  const root = textRoot(doc);
  const cache: IndexCache = new Map();
  const fromPath = from.text.doc === doc ? pathOf(from.text, root, cache) : null;
  const toPath = to.text.doc === doc ? pathOf(to.text, root, cache) : null;
  const inBounds = (point: TextPoint) =>
    Number.isInteger(point.index) && point.index >= 0 && point.index <= point.text.length;
  if (fromPath && toPath && inBounds(from) && inBounds(to)) {
    const ordered =
      compareAnchorPoints({ path: fromPath, offset: from.index }, { path: toPath, offset: to.index }) < 0;
    const quote = ordered ? quoteBetween(root, from, to) : null;
    if (quote && quote.characters > 0) return quote.text;
  }
  throw new CommentError(CommentErrorCode.invalidAnchor, 'Select some text of this chapter to comment on.');
}

function writeMessage(
  message: Y.Map<unknown>,
  input: { body: string; author: CommentPerson; members: readonly CommentMember[]; now: Date },
): void {
  message.set('body', input.body);
  message.set('authorId', input.author.id);
  message.set('authorName', input.author.name);
  message.set('createdAt', input.now.toISOString());
  message.set('mentions', parseMentions(input.body, input.members));
}

function threadById(doc: Y.Doc, threadId: string): ThreadMap {
  const thread = commentsRoot(doc).get(threadId);
  if (!(thread instanceof Y.Map))
    throw new CommentError(CommentErrorCode.notFound, 'This comment thread no longer exists.');
  return thread;
}

function repliesOf(thread: ThreadMap): Y.Array<Y.Map<unknown>> {
  const replies = thread.get('replies');
  if (!(replies instanceof Y.Array))
    throw new CommentError(CommentErrorCode.notFound, 'This comment thread is damaged.');
  return replies;
}

function replyById(thread: ThreadMap, replyId: string): { message: Y.Map<unknown>; index: number } {
  const replies = repliesOf(thread).toArray();
  const index = replies.findIndex((message) => message instanceof Y.Map && message.get('id') === replyId);
  if (index === -1) throw new CommentError(CommentErrorCode.notFound, 'This reply no longer exists.');
  return { message: replies[index]!, index };
}

function assertAuthor(message: Y.Map<unknown>, userId: string): void {
  if (message.get('authorId') !== userId) {
    throw new CommentError(
      CommentErrorCode.notAuthor,
      'Only the author of a comment can change or delete it.',
    );
  }
}

/** 96 random bits in hex: unique enough for threads of one chapter written concurrently on many devices. */
export function newCommentId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
