import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/authors';

function typeInto(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment('default');
  if (fragment.length === 0) fragment.insert(0, [new Y.XmlText()]);
  const node = fragment.get(0) as Y.XmlText;
  node.insert(node.length, text);
}

describe('DocRoom records who writes with each Yjs client id', () => {
  it('records each editor’s client id under its user, once, and keeps it across reloads', async () => {
    const options = roomOptions();
    const room = await DocRoom.load(DOC, options);
    const ana = new RoomClient(room, 'edit', 'ana');
    const ben = new RoomClient(room, 'edit', 'ben');
    ana.edit((doc) => typeInto(doc, 'Hello '));
    ben.drain();
    ben.edit((doc) => typeInto(doc, 'world'));
    ana.edit((doc) => typeInto(doc, '!'));
    await vi.waitFor(async () => {
      const authors = await options.storage.loadAuthors(DOC);
      expect(authors.get(ana.doc.clientID)).toBe('ana');
      expect(authors.get(ben.doc.clientID)).toBe('ben');
    });
    expect((await options.storage.loadAuthors(DOC)).size).toBe(2);
    await room.close(SyncCloseCode.shuttingDown, 'shutting_down');
    expect((await options.storage.loadAuthors(DOC)).get(ana.doc.clientID)).toBe('ana');
  });

  it('records nothing for a reader, whose updates are refused', async () => {
    const options = roomOptions();
    const room = await DocRoom.load(DOC, options);
    const reader = new RoomClient(room, 'read', 'rita');
    reader.edit((doc) => typeInto(doc, 'sneaky'));
    await room.close(SyncCloseCode.shuttingDown, 'shutting_down');
    expect((await options.storage.loadAuthors(DOC)).size).toBe(0);
  });
});
