import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/external';

function typeInto(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default');
    if (fragment.length === 0) fragment.insert(0, [new Y.XmlText()]);
    const node = fragment.get(0) as Y.XmlText;
    node.insert(node.length, text);
  });
}

/**
 * The api appends to a document's log itself (restoring a version) while a room may hold the
 * document open on a node without fan-out. The room must neither lose that entry to its next
 * snapshot (which compacts everything up to its own last sequence) nor keep its editors unaware.
 */
describe('DocRoom with another writer on its log', () => {
  it('brings an entry someone else appended to its editors and keeps it through the snapshot', async () => {
    const options = roomOptions();
    const room = await DocRoom.load(DOC, options);
    const editor = new RoomClient(room);
    editor.edit((doc) => typeInto(doc, 'mine '));
    await vi.waitFor(async () => expect((await options.storage.load(DOC)).lastSeq).toBeGreaterThan(0));

    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(room.doc));
    const updates: Uint8Array[] = [];
    other.on('update', (u: Uint8Array) => updates.push(u));
    typeInto(other, 'theirs ');
    await options.storage.append(DOC, updates[0]!);

    // The editor types on; the room's next append lands after the foreign entry and notices the gap.
    editor.edit((doc) => typeInto(doc, 'again'));
    await vi.waitFor(() => {
      editor.drain();
      expect(editor.text()).toContain('theirs');
    });
    await room.close(SyncCloseCode.shuttingDown, 'shutting_down');
    const loaded = await options.storage.load(DOC);
    expect(loaded.snapshot).not.toBeNull();
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, loaded.snapshot!);
    for (const u of loaded.updates) Y.applyUpdate(reloaded, u);
    const text = reloaded.getXmlFragment('default').toString();
    expect(text).toContain('mine');
    expect(text).toContain('theirs');
    expect(text).toContain('again');
  });
});
