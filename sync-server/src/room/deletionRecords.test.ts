import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeDeletedRanges } from '../storage/deletedRanges.ts';
import type { DocStorage } from '../storage/docStorage.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { DeletionTally } from './deletionTally.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';
import { newConnection } from './syncSocket.ts';

let docs = 0;
const freshDoc = () => `book/b1/chapter/deletions-${++docs}`;

function paragraphText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment('default');
  if (fragment.length === 0) fragment.insert(0, [new Y.XmlText()]);
  return fragment.get(0) as Y.XmlText;
}

/** Who the storage says deleted the character at `index` of `doc`'s text (by its Yjs item id). */
async function deletersOf(storage: DocStorage, docName: string, ids: Y.ID[]): Promise<string[][]> {
  const records = await storage.loadDeletions!(docName);
  return ids.map((id) =>
    [...records]
      .filter(([, bytes]) =>
        decodeDeletedRanges(bytes)
          .get(id.client)
          ?.some((r) => r.clock <= id.clock && id.clock < r.clock + r.len),
      )
      .map(([userId]) => userId)
      .sort(),
  );
}

/** The Yjs ids of the characters from `index` to `index + length` of the text, as it is now. */
function idsOf(text: Y.XmlText, index: number, length: number): Y.ID[] {
  const ids: Y.ID[] = [];
  let at = 0;
  for (let item = text._start; item !== null; item = item.right as Y.Item | null) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    for (let i = 0; i < item.length; i++, at++) {
      if (at >= index && at < index + length) ids.push(Y.createID(item.id.client, item.id.clock + i));
    }
  }
  return ids;
}

describe('DocRoom records who deleted what', () => {
  it('credits each deletion to the user whose update made it, once the room flushes', async () => {
    const options = roomOptions();
    const docName = freshDoc();
    const room = await DocRoom.load(docName, options);
    const ana = new RoomClient(room, 'edit', 'ana');
    const ben = new RoomClient(room, 'edit', 'ben');
    ana.edit((doc) => paragraphText(doc).insert(0, 'The rain fell on the lamp.'));
    ben.drain();
    const rain = idsOf(paragraphText(ben.doc), 4, 5);
    const lamp = idsOf(paragraphText(ben.doc), 21, 4);
    ben.edit((doc) => paragraphText(doc).delete(4, 5)); // "rain "
    ana.drain();
    ana.edit((doc) => paragraphText(doc).delete(16, 4)); // "lamp"
    expect(paragraphText(ana.doc).toString()).toBe('The fell on the .');
    await room.close(SyncCloseCode.shuttingDown, 'shutting_down');
    expect(await deletersOf(options.storage, docName, [...rain, ...lamp])).toEqual([
      ...rain.map(() => ['ben']),
      ...lamp.map(() => ['ana']),
    ]);
  });

  it('credits deletions per sender when a busy turn applies many editors’ updates in one transaction', async () => {
    const options = roomOptions();
    const docName = freshDoc();
    const room = await DocRoom.load(docName, options);
    const ana = new RoomClient(room, 'edit', 'ana');
    const ben = new RoomClient(room, 'edit', 'ben');
    const cara = new RoomClient(room, 'edit', 'cara');
    ana.edit((doc) => paragraphText(doc).insert(0, 'The rain fell on the lamp.'));
    await new Promise((r) => setImmediate(r));
    for (const client of [ben, cara]) client.drain();
    const rain = idsOf(paragraphText(ben.doc), 4, 5);
    const lamp = idsOf(paragraphText(cara.doc), 21, 4);
    // One turn: twenty of Ana's keystrokes fill what is applied at once; Ben's and Cara's deletions
    // (made on their own copies) are then held and applied together with Ana's last keystrokes.
    let transactions = 0;
    room.doc.on('afterTransaction', () => {
      transactions += 1;
    });
    for (let i = 0; i < 20; i++) ana.edit((doc) => paragraphText(doc).insert(0, '*'));
    ben.edit((doc) => paragraphText(doc).delete(4, 5)); // "rain "
    cara.edit((doc) => paragraphText(doc).delete(21, 4)); // "lamp"
    cara.edit((doc) => paragraphText(doc).insert(paragraphText(doc).length, '!'));
    for (let i = 0; i < 5; i++) ana.edit((doc) => paragraphText(doc).insert(0, '+'));
    await new Promise((r) => setImmediate(r));
    // 28 updates; those beyond the ones applied at once shared a transaction.
    expect(transactions).toBeLessThan(28);
    for (const client of [ana, ben, cara]) client.drain();
    expect(paragraphText(ana.doc).toString()).toBe(`${'+'.repeat(5)}${'*'.repeat(20)}The fell on the .!`);
    expect(ben.text()).toBe(ana.text());
    expect(cara.text()).toBe(ana.text());
    await room.close(SyncCloseCode.shuttingDown, 'shutting_down');
    expect(await deletersOf(options.storage, docName, [...rain, ...lamp])).toEqual([
      ...rain.map(() => ['ben']),
      ...lamp.map(() => ['cara']),
    ]);
    // Every update was stored and acknowledged to its sender, in order.
    for (const client of [ana, ben, cara]) {
      client.drain();
      expect(client.persistedUpTo).toBe(client.conn.received);
    }
    // Authors are those whose items an update carries: Ben only deleted.
    expect(await options.storage.loadAuthors(docName)).toEqual(
      new Map([
        [ana.doc.clientID, 'ana'],
        [cara.doc.clientID, 'cara'],
      ]),
    );
  });

  it('does not credit a reconnecting editor with the deletions its sync step 2 only repeats', async () => {
    const options = roomOptions();
    const docName = freshDoc();
    const first = await DocRoom.load(docName, options);
    const ana = new RoomClient(first, 'edit', 'ana');
    ana.edit((doc) => paragraphText(doc).insert(0, 'One two three.'));
    const ben = new RoomClient(first, 'edit', 'ben');
    const two = idsOf(paragraphText(ben.doc), 4, 4);
    ben.edit((doc) => paragraphText(doc).delete(4, 4)); // "two "
    await first.close(SyncCloseCode.shuttingDown, 'shutting_down');

    // Cara was offline with Ben's deletion already in her copy, and deleted "three" herself meanwhile.
    const cara = new Y.Doc();
    Y.applyUpdate(cara, Y.encodeStateAsUpdate(ben.doc));
    const three = idsOf(paragraphText(cara), 4, 5);
    paragraphText(cara).delete(4, 5);
    const second = await DocRoom.load(docName, options);
    const reconnected = new RoomClient(second, 'edit', 'cara', cara);
    expect(reconnected.closed).toBeNull();
    await second.close(SyncCloseCode.shuttingDown, 'shutting_down');
    expect(await deletersOf(options.storage, docName, [...two, ...three])).toEqual([
      ...two.map(() => ['ben']),
      ...three.map(() => ['cara']),
    ]);
  });
});

describe('DeletionTally', () => {
  const editor = (clientId: number) => {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    return doc;
  };

  it('keeps ranges whose write failed and writes them, merged with newer ones, at the next flush', async () => {
    const memory = createMemoryDocStorage();
    let failures = 1;
    const errors: unknown[] = [];
    const storage: DocStorage = {
      ...memory,
      async recordDeletions(docName, userId, deleted) {
        if (failures-- > 0) throw new Error('table unavailable');
        await memory.recordDeletions!(docName, userId, deleted);
      },
    };
    const docName = freshDoc();
    const server = new Y.Doc();
    const ben = newConnection({ send() {}, close() {}, isOpen: () => true }, 'ben', 'edit');
    const tally = new DeletionTally(docName, server, new Set([ben]), storage, (e) => errors.push(e), 60_000);
    const writer = editor(7);
    paragraphText(writer).insert(0, 'abcdefgh');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
    const deleteOn = (from: number, length: number) => {
      const before = Y.encodeStateVector(writer);
      paragraphText(writer).delete(from, length);
      Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, before), ben);
    };
    deleteOn(0, 2); // "ab"
    await tally.flush();
    expect(errors).toHaveLength(1);
    expect(await memory.loadDeletions!(docName)).toEqual(new Map());
    deleteOn(0, 1); // "c"
    await tally.flush();
    const ranges = decodeDeletedRanges((await memory.loadDeletions!(docName)).get('ben')!);
    const textItem = paragraphText(writer)._start!;
    expect(ranges.get(7)).toEqual([{ clock: textItem.id.clock, len: 3 }]);
  });

  it('names nobody for deletions that arrived before their text and were applied with someone else’s update', async () => {
    const storage = createMemoryDocStorage();
    const docName = freshDoc();
    const server = new Y.Doc();
    const conn = (userId: string) =>
      newConnection({ send() {}, close() {}, isOpen: () => true }, userId, 'edit');
    const [ana, ben] = [conn('ana'), conn('ben')];
    const tally = new DeletionTally(docName, server, new Set([ana, ben]), storage, () => {}, 60_000);
    const anas = editor(1);
    paragraphText(anas).insert(0, 'lost then found');
    const insertion = Y.encodeStateAsUpdate(anas);
    const bens = editor(2);
    Y.applyUpdate(bens, insertion);
    const before = Y.encodeStateVector(bens);
    paragraphText(bens).delete(0, 5);
    // The server lost Ana's insertion (a node died): Ben's deletion waits for it, and Ana resending
    // her text completes it inside her transaction.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(bens, before), ben);
    expect(server.store.pendingDs).not.toBeNull();
    Y.applyUpdate(server, insertion, ana);
    expect(paragraphText(server).toString()).toBe('then found');
    await tally.flush();
    expect(await storage.loadDeletions!(docName)).toEqual(new Map());
  });
});
