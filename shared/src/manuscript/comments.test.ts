import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textRoot } from './commentAnchors.ts';
import {
  COMMENTS_ORIGIN,
  CommentErrorCode,
  CommentThreadSchema,
  commentsRoot,
  createThread,
  deleteReply,
  deleteThread,
  editBody,
  listThreads,
  reanchorThread,
  reopen,
  reply,
  resolve,
  threadRange,
} from './comments.ts';
import { buildManuscript, paragraphTexts, replicaOf, syncBothWays } from './commentTestKit.ts';

const ada = { id: 'u-ada', name: 'Ada Lovelace' };
const ed = { id: 'u-ed', name: 'Ed Itor' };
const members = [ada, ed];
const now = new Date('2026-11-25T10:00:00.000Z');
const later = new Date('2026-11-25T11:00:00.000Z');

function chapter(paragraphs = ['It was a dark and stormy night.', 'The rain fell in torrents.']) {
  const doc = new Y.Doc();
  const texts = buildManuscript(doc, paragraphs);
  return { doc, texts };
}

function openThread(doc: Y.Doc, text: Y.XmlText, from: number, to: number, body = 'Too clichéd?') {
  return createThread(doc, {
    anchorFrom: { text, index: from },
    anchorTo: { text, index: to },
    body,
    author: ed,
    members,
    now,
  });
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('comment threads', () => {
  it('lists a new thread with its text, author, mentions and the range it covers', () => {
    const { doc, texts } = chapter();
    const id = openThread(doc, texts[0]!, 9, 14, 'Is "dark" needed here, @Ada?');
    const [thread] = listThreads(doc);
    expect(CommentThreadSchema.parse(thread)).toEqual(thread);
    expect(thread).toMatchObject({
      id,
      body: 'Is "dark" needed here, @Ada?',
      author: ed,
      createdAt: now.toISOString(),
      quote: 'dark ',
      anchor: {
        onDeletedText: false,
        from: { path: [0, 0], offset: 9 },
        to: { path: [0, 0], offset: 14 },
        text: 'dark ',
      },
      mentions: [ada],
      resolved: false,
      replies: [],
    });
  });

  it('spans paragraphs and joins their text with a line break', () => {
    const { doc, texts } = chapter();
    createThread(doc, {
      anchorFrom: { text: texts[0]!, index: 25 },
      anchorTo: { text: texts[1]!, index: 8 },
      body: 'Weather again',
      author: ed,
      members,
      now,
    });
    expect(listThreads(doc)[0]!.anchor).toMatchObject({ text: 'night.\nThe rain' });
  });

  it('orders threads by where they sit in the text, threads on deleted text last', () => {
    const { doc, texts } = chapter();
    const second = openThread(doc, texts[1]!, 4, 8);
    const gone = openThread(doc, texts[0]!, 0, 2);
    const first = openThread(doc, texts[0]!, 3, 6);
    texts[0]!.delete(0, 2);
    expect(listThreads(doc).map((thread) => thread.id)).toEqual([first, second, gone]);
    expect(listThreads(doc)[2]).toMatchObject({ quote: 'It', anchor: { onDeletedText: true } });
  });

  it('replies, resolves and reopens', () => {
    const { doc, texts } = chapter();
    const threadId = openThread(doc, texts[0]!, 0, 2);
    const replyId = reply(doc, { threadId, body: 'Agreed, @Ed Itor.', author: ada, members, now: later });
    resolve(doc, { threadId, by: ada, now: later });
    let [thread] = listThreads(doc);
    expect(thread!.replies).toEqual([
      {
        id: replyId,
        body: 'Agreed, @Ed Itor.',
        author: ada,
        createdAt: later.toISOString(),
        editedAt: null,
        mentions: [ed],
      },
    ]);
    expect(thread).toMatchObject({ resolved: true, resolvedBy: ada, resolvedAt: later.toISOString() });
    reopen(doc, { threadId });
    [thread] = listThreads(doc);
    expect(thread).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });
  });

  it('lets only the author edit or delete a message', () => {
    const { doc, texts } = chapter();
    const threadId = openThread(doc, texts[0]!, 0, 2);
    const replyId = reply(doc, { threadId, body: 'Mine', author: ada, members, now });
    const edit = { threadId, body: 'Changed, @Ada', members, now: later };
    expect(codeOf(() => editBody(doc, { ...edit, by: ada.id }))).toBe(CommentErrorCode.notAuthor);
    expect(codeOf(() => editBody(doc, { ...edit, replyId, by: ed.id }))).toBe(CommentErrorCode.notAuthor);
    expect(codeOf(() => deleteReply(doc, { threadId, replyId, by: ed.id }))).toBe(CommentErrorCode.notAuthor);
    expect(codeOf(() => deleteThread(doc, { threadId, by: ada.id }))).toBe(CommentErrorCode.notAuthor);
    expect(listThreads(doc)[0]).toMatchObject({
      body: 'Too clichéd?',
      editedAt: null,
      replies: [{ body: 'Mine' }],
    });

    editBody(doc, { ...edit, by: ed.id });
    editBody(doc, { ...edit, replyId, body: 'Mine, edited', by: ada.id });
    expect(listThreads(doc)[0]).toMatchObject({
      body: 'Changed, @Ada',
      mentions: [ada],
      editedAt: later.toISOString(),
      replies: [{ body: 'Mine, edited', editedAt: later.toISOString(), mentions: [] }],
    });
    deleteReply(doc, { threadId, replyId, by: ada.id });
    expect(listThreads(doc)[0]!.replies).toEqual([]);
    deleteThread(doc, { threadId, by: ed.id });
    expect(listThreads(doc)).toEqual([]);
  });

  it('refuses empty bodies, empty or reversed ranges, and text of another document', () => {
    const { doc, texts } = chapter();
    const other = chapter();
    expect(codeOf(() => openThread(doc, texts[0]!, 0, 2, '   '))).toBe(CommentErrorCode.invalidBody);
    expect(codeOf(() => openThread(doc, texts[0]!, 0, 2, 'x'.repeat(10_001)))).toBe(
      CommentErrorCode.invalidBody,
    );
    expect(codeOf(() => openThread(doc, texts[0]!, 3, 3))).toBe(CommentErrorCode.invalidAnchor);
    expect(codeOf(() => openThread(doc, texts[0]!, 5, 2))).toBe(CommentErrorCode.invalidAnchor);
    expect(codeOf(() => openThread(doc, texts[0]!, 0, 99))).toBe(CommentErrorCode.invalidAnchor);
    expect(codeOf(() => openThread(doc, other.texts[0]!, 0, 2))).toBe(CommentErrorCode.invalidAnchor);
    const detached = texts[1]!;
    textRoot(doc).delete(1, 1);
    expect(codeOf(() => openThread(doc, detached, 0, 2))).toBe(CommentErrorCode.invalidAnchor);
    expect(codeOf(() => reply(doc, { threadId: 'nope', body: 'x', author: ada, members, now }))).toBe(
      CommentErrorCode.notFound,
    );
    expect(listThreads(doc)).toEqual([]);
  });

  it('reports a thread as on deleted text when its paragraph is removed, and resolves its range otherwise', () => {
    const { doc, texts } = chapter();
    const kept = openThread(doc, texts[0]!, 3, 6);
    const removed = openThread(doc, texts[1]!, 4, 8);
    expect(threadRange(doc, kept)).toEqual({
      from: { text: texts[0], index: 3 },
      to: { text: texts[0], index: 6 },
    });
    textRoot(doc).delete(1, 1);
    expect(threadRange(doc, removed)).toBeNull();
    expect(listThreads(doc).find((thread) => thread.id === removed)!.anchor).toEqual({ onDeletedText: true });
  });

  it('skips stored threads that do not have the expected shape instead of failing the listing', () => {
    const { doc, texts } = chapter();
    openThread(doc, texts[0]!, 0, 2);
    const crafted = new Y.Map<unknown>();
    crafted.set('body', 42);
    commentsRoot(doc).set('crafted', crafted);
    commentsRoot(doc).set('scalar', 'not a thread');
    expect(listThreads(doc)).toHaveLength(1);
  });

  it('reaches another replica, and concurrent reply, resolve and edit all survive', () => {
    const { doc, texts } = chapter();
    const threadId = openThread(doc, texts[0]!, 0, 2);
    const remote = replicaOf(doc);
    expect(listThreads(remote).map((thread) => thread.id)).toEqual([threadId]);
    reply(doc, { threadId, body: 'From here', author: ada, members, now });
    reply(remote, { threadId, body: 'From there', author: ed, members, now });
    resolve(remote, { threadId, by: ed, now: later });
    editBody(doc, { threadId, body: 'Reworded', by: ed.id, members, now: later });
    syncBothWays(doc, remote);
    expect(listThreads(doc)).toEqual(listThreads(remote));
    const [thread] = listThreads(doc);
    expect(thread).toMatchObject({ body: 'Reworded', resolved: true });
    expect(thread!.replies.map((message) => message.body).sort()).toEqual(['From here', 'From there']);
  });

  it('writes with its own transaction origin, so the editor undo manager ignores comments', () => {
    const { doc, texts } = chapter();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const threadId = openThread(doc, texts[0]!, 0, 2);
    resolve(doc, { threadId, by: ada, now });
    expect(origins).toEqual([COMMENTS_ORIGIN, COMMENTS_ORIGIN]);
    expect(paragraphTexts(doc).map((text) => text.toString())).toEqual([
      'It was a dark and stormy night.',
      'The rain fell in torrents.',
    ]);
  });
});

describe('re-anchoring', () => {
  it('moves a thread onto other text, keeps its quote, and refuses a range without text', () => {
    const { doc, texts } = chapter();
    const threadId = openThread(doc, texts[1]!, 4, 8);
    texts[1]!.delete(0, texts[1]!.length);
    expect(listThreads(doc)[0]!.anchor).toEqual({ onDeletedText: true });
    reanchorThread(doc, {
      threadId,
      anchorFrom: { text: texts[0]!, index: 0 },
      anchorTo: { text: texts[0]!, index: 2 },
    });
    expect(listThreads(doc)[0]).toMatchObject({
      quote: 'rain',
      anchor: { onDeletedText: false, text: 'It' },
    });
    expect(
      codeOf(() =>
        reanchorThread(doc, {
          threadId,
          anchorFrom: { text: texts[0]!, index: 1 },
          anchorTo: { text: texts[0]!, index: 1 },
        }),
      ),
    ).toBe(CommentErrorCode.invalidAnchor);
  });
});
