/**
 * Every comment operation must be something an editor with a `comment` sync token may send: the
 * server (sync-server/src/room/accessCheck.ts) refuses any update from such a token that changes a
 * root other than `comments`. We run each update the model produces through that same check, on a
 * server-side replica that has seen everything before it. (A test-only import from the sync server:
 * the rule lives there, and a copy here could drift from it.)
 */
import { checkUpdateAccess } from '@galley/sync-server/room/accessCheck';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
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
} from './comments.ts';
import { buildManuscript, paragraphTexts, replicaOf } from './commentTestKit.ts';

const people = [
  { id: 'u-ada', name: 'Ada' },
  { id: 'u-ed', name: 'Ed' },
];
const now = new Date('2026-11-25T10:00:00.000Z');

const operationArb = fc.record({
  kind: fc.constantFrom(
    'create',
    'reply',
    'resolve',
    'reopen',
    'edit',
    'reanchor',
    'deleteReply',
    'deleteThread',
  ),
  person: fc.constantFrom(...people),
  pick: fc.nat(),
  from: fc.nat(),
  length: fc.integer({ min: 1, max: 5 }),
  body: fc.constantFrom('Looks off', '@Ada see this', 'Agreed, @Ed'),
});
type Operation = typeof operationArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs one operation the way a client would (authors act on their own messages); false when there was nothing to act on. */
function perform(doc: Y.Doc, op: Operation): boolean {
  const threads = listThreads(doc);
  const thread = threads[op.pick % Math.max(1, threads.length)];
  const by = op.person.id;
  const texts = paragraphTexts(doc);
  const text = texts[op.pick % texts.length]!;
  const from = op.from % (text.length - 1);
  const anchor = {
    anchorFrom: { text, index: from },
    anchorTo: { text, index: Math.min(text.length, from + op.length) },
  };
  if (op.kind === 'create') {
    createThread(doc, { ...anchor, body: op.body, author: op.person, members: people, now });
    return true;
  }
  if (!thread) return false;
  const threadId = thread.id;
  if (op.kind === 'reanchor') {
    reanchorThread(doc, { threadId, ...anchor });
    return true;
  }
  const ownReply = thread.replies.find((message) => message.author.id === by);
  switch (op.kind) {
    case 'reply':
      reply(doc, { threadId, body: op.body, author: op.person, members: people, now });
      return true;
    case 'resolve':
      resolve(doc, { threadId, by: op.person, now });
      return true;
    case 'reopen':
      reopen(doc, { threadId });
      return true;
    case 'edit':
      editBody(doc, { threadId, body: `${op.body}!`, by: thread.author.id, members: people, now });
      return true;
    case 'deleteReply':
      if (!ownReply) return false;
      deleteReply(doc, { threadId, replyId: ownReply.id, by });
      return true;
    default:
      deleteThread(doc, { threadId, by: thread.author.id });
      return true;
  }
}

function chapterOnServerAndClient() {
  const client = new Y.Doc();
  buildManuscript(client, ['Call me Ishmael.', 'Some years ago, never mind how long precisely.']);
  const server = replicaOf(client);
  const sent: Uint8Array[] = [];
  client.on('update', (update: Uint8Array) => sent.push(update));
  return { client, server, sent };
}

describe('comment operations and the comment-token boundary', () => {
  it('produce only updates the server accepts from a comment token', () => {
    fc.assert(
      fc.property(fc.array(operationArb, { minLength: 1, maxLength: 25 }), (operations) => {
        const { client, server, sent } = chapterOnServerAndClient();
        const textBefore = textOf(client);
        for (const op of operations) {
          if (!perform(client, op)) continue;
          expect(sent.length).toBeGreaterThan(0);
          for (const update of sent.splice(0)) {
            expect(checkUpdateAccess(server, update, 'comment')).toEqual({ ok: true });
            Y.applyUpdate(server, update);
          }
        }
        expect(textOf(server)).toBe(textBefore);
        expect(listThreads(server)).toEqual(listThreads(client));
      }),
      { numRuns: 60 },
    );
  });

  it('the same check refuses a text edit, so the property above can fail', () => {
    const { client, server, sent } = chapterOnServerAndClient();
    paragraphTexts(client)[0]!.insert(0, 'Please, ');
    expect(checkUpdateAccess(server, sent[0]!, 'comment')).toEqual({ ok: false, reason: 'comment_scope' });
    // and a thread map written outside the comments root (a buggy model) would be refused too
    sent.length = 0;
    client.getMap('elsewhere').set('thread', new Y.Map());
    expect(checkUpdateAccess(server, sent[0]!, 'comment')).toEqual({ ok: false, reason: 'comment_scope' });
    expect(commentsRoot(client).size).toBe(0);
  });
});

function textOf(doc: Y.Doc): string {
  return paragraphTexts(doc)
    .map((text) => text.toString())
    .join('\n');
}
