import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoots } from '@galley/shared/sync/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RoomClient } from '../testing/roomClient.ts';
import { checkUpdateAccess } from './accessCheck.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/c1';

async function roomWithText(text: string): Promise<{ room: DocRoom; editor: RoomClient }> {
  const room = await DocRoom.load(DOC, roomOptions());
  const editor = new RoomClient(room, 'edit');
  editor.edit((doc) => doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText(text)]));
  return { room, editor };
}

const state = (room: DocRoom) => Y.encodeStateAsUpdate(room.doc);

describe('access rules', () => {
  it('refuses any update from a read client and leaves the document untouched', async () => {
    const { room } = await roomWithText('Chapter one');
    const before = state(room);
    const reader = new RoomClient(room, 'read');
    reader.edit((doc) => doc.getMap(DocRoots.comments).set('t1', 'even a comment'));
    expect(reader.closed).toEqual({ code: SyncCloseCode.forbidden, reason: 'read_only' });
    expect(reader.denied).toEqual(['read_only']);
    expect(state(room)).toEqual(before);
  });

  it('lets a comment client add a comment thread', async () => {
    const { room, editor } = await roomWithText('Chapter one');
    const commenter = new RoomClient(room, 'comment');
    commenter.edit((doc) => {
      const thread = new Y.Map<unknown>();
      doc.getMap(DocRoots.comments).set('t1', thread);
      thread.set('body', 'Tighten this');
    });
    expect(commenter.closed).toBeNull();
    editor.drain();
    expect((editor.doc.getMap(DocRoots.comments).get('t1') as Y.Map<unknown>).get('body')).toBe(
      'Tighten this',
    );
  });

  it('refuses a comment client’s text edit, made through the editor API', async () => {
    const { room } = await roomWithText('Chapter one');
    const before = state(room);
    const commenter = new RoomClient(room, 'comment');
    commenter.edit((doc) => (doc.getXmlFragment(DocRoots.text).get(0) as Y.XmlText).insert(0, 'Not '));
    expect(commenter.closed).toEqual({ code: SyncCloseCode.forbidden, reason: 'comment_scope' });
    expect(state(room)).toEqual(before);
  });

  it('refuses a hand-crafted update that carries a comment and a text change together', async () => {
    const { room } = await roomWithText('Chapter one');
    const before = state(room);
    // Built outside any provider: a doc that knows the server's state, changes both roots in one transaction.
    const forger = new Y.Doc();
    Y.applyUpdate(forger, before);
    const sv = Y.encodeStateVector(forger);
    forger.transact(() => {
      forger.getMap(DocRoots.comments).set('t1', 'innocent');
      (forger.getXmlFragment(DocRoots.text).get(0) as Y.XmlText).delete(0, 7);
    });
    const update = Y.encodeStateAsUpdate(forger, sv);
    expect(checkUpdateAccess(room.doc, update, 'comment')).toEqual({ ok: false, reason: 'comment_scope' });
    const commenter = new RoomClient(room, 'comment');
    commenter.sendUpdate(update);
    expect(commenter.closed?.code).toBe(SyncCloseCode.forbidden);
    expect(state(room)).toEqual(before);
  });

  it('refuses a comment client’s deletion of text and a new root type', async () => {
    const { room } = await roomWithText('Chapter one');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, state(room));
    let sv = Y.encodeStateVector(forger);
    (forger.getXmlFragment(DocRoots.text).get(0) as Y.XmlText).delete(0, 3);
    expect(checkUpdateAccess(room.doc, Y.encodeStateAsUpdate(forger, sv), 'comment').ok).toBe(false);
    sv = Y.encodeStateVector(forger);
    forger.getMap('elsewhere').set('k', 1);
    expect(checkUpdateAccess(room.doc, Y.encodeStateAsUpdate(forger, sv), 'comment').ok).toBe(false);
  });

  it('refuses a comment update that depends on structs the server has not seen', async () => {
    const { room } = await roomWithText('Chapter one');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, state(room));
    const sv = Y.encodeStateVector(forger);
    (forger.getXmlFragment(DocRoots.text).get(0) as Y.XmlText).insert(0, 'hidden ');
    const svAfterText = Y.encodeStateVector(forger);
    forger.getMap(DocRoots.comments).set('t1', 'x');
    // Only the comment part: its clock range follows the text edit the server never got.
    const commentOnly = Y.encodeStateAsUpdate(forger, svAfterText);
    expect(checkUpdateAccess(room.doc, commentOnly, 'comment')).toEqual({
      ok: false,
      reason: 'comment_scope',
    });
    expect(checkUpdateAccess(room.doc, Y.encodeStateAsUpdate(forger, sv), 'edit')).toEqual({ ok: true });
  });
});

describe('already-known updates', () => {
  it('lets a read client send a sync step 2 that carries only what the server has, deletions included', async () => {
    const { room, editor } = await roomWithText('Chapter one');
    editor.edit((doc) => (doc.getXmlFragment(DocRoots.text).get(0) as Y.XmlText).delete(0, 8));
    const before = state(room);
    const reader = new RoomClient(room, 'read');
    expect(reader.text()).toBe(editor.text());
    // The reader's reply to a resync: its whole state relative to the server's, with the delete set.
    reader.sendUpdate(Y.encodeStateAsUpdate(reader.doc, Y.encodeStateVector(room.doc)));
    reader.sendUpdate(Y.encodeStateAsUpdate(reader.doc));
    expect(reader.closed).toBeNull();
    expect(state(room)).toEqual(before);
  });
});
