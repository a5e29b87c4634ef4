import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { MessageType } from '@galley/shared/sync/protocol';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { caretState } from '../testing/presenceClients.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/c1';

/** One transaction, so one update frame: the persisted counter below counts frames. */
function typeInto(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const fragment = doc.getXmlFragment('default');
    if (fragment.length === 0) fragment.insert(0, [new Y.XmlText()]);
    const node = fragment.get(0) as Y.XmlText;
    node.insert(node.length, text);
  });
}

async function storedText(options: ReturnType<typeof roomOptions>): Promise<string> {
  const loaded = await options.storage.load(DOC);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u);
  return doc.getXmlFragment('default').toString();
}

describe('DocRoom sync', () => {
  it('syncs, broadcasts at once, and sends persisted once stored', async () => {
    const options = roomOptions();
    const room = await DocRoom.load(DOC, options);
    const [a, b] = [new RoomClient(room), new RoomClient(room)];
    a.edit((doc) => typeInto(doc, 'Hello'));
    b.drain();
    expect(b.text()).toBe(a.text());
    expect(a.text()).toContain('Hello');
    // Update #1 was a's sync step 2 (empty), #2 the edit.
    await vi.waitFor(() => {
      a.drain();
      expect(a.persistedUpTo).toBe(2);
    });
    expect(await storedText(options)).toBe(a.text());
    const late = new RoomClient(room);
    expect(late.text()).toBe(a.text());
    // Fresh clients share one encoded full state; a change must not leave the next one a stale copy.
    a.edit((doc) => typeInto(doc, ', world'));
    const later = new RoomClient(room);
    expect(later.text()).toContain('Hello, world');
  });

  it('keeps serving while storage is down, withholds persisted, and acknowledges once it is back', async () => {
    let down = false;
    const options = roomOptions({ storage: createMemoryDocStorage({ unavailable: () => down }) });
    const room = await DocRoom.load(DOC, options);
    const [a, b] = [new RoomClient(room), new RoomClient(room)];
    await vi.waitFor(() => {
      a.drain();
      expect(a.persistedUpTo).toBe(1);
    });
    down = true;
    a.edit((doc) => typeInto(doc, 'offline'));
    b.drain();
    expect(b.text()).toContain('offline');
    await vi.waitFor(async () =>
      expect(await (await options.metrics.persistFailures.get()).values[0]?.value).toBeGreaterThan(1),
    );
    a.drain();
    expect(a.persistedUpTo).toBe(1);
    down = false;
    await vi.waitFor(() => {
      a.drain();
      expect(a.persistedUpTo).toBe(2);
    });
    expect(await storedText(options)).toContain('offline');
  });

  it('relays awareness and removes a client’s state when it leaves', async () => {
    const room = await DocRoom.load(DOC, roomOptions());
    const [a, b] = [new RoomClient(room), new RoomClient(room)];
    const local = new awarenessProtocol.Awareness(a.doc);
    local.setLocalState(caretState('user'));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(local, [a.doc.clientID]));
    room.receive(a.conn, encoding.toUint8Array(encoder));
    b.drain();
    expect(b.awarenessFrames).toBe(1);
    expect(room.awareness.getStates().get(a.doc.clientID)).toEqual(caretState('user'));
    room.leave(a.conn);
    b.drain();
    expect(b.awarenessFrames).toBe(2);
    expect(room.awareness.getStates().has(a.doc.clientID)).toBe(false);
    local.destroy();
  });

  it('snapshots on close and loads the same content from the snapshot', async () => {
    const options = roomOptions();
    const room = await DocRoom.load(DOC, options);
    const a = new RoomClient(room);
    a.edit((doc) => typeInto(doc, 'kept'));
    await room.close(SyncCloseCode.shuttingDown, 'shutting_down');
    expect(a.closed?.code).toBe(SyncCloseCode.shuttingDown);
    const loaded = await options.storage.load(DOC);
    expect(loaded.snapshot).not.toBeNull();
    expect(loaded.updates).toHaveLength(0);
    const again = await DocRoom.load(DOC, options);
    expect(new RoomClient(again).text()).toBe(a.text());
  });

  it('survives garbage frames: the sender is closed with a code and the document is unchanged', async () => {
    const room = await DocRoom.load(DOC, roomOptions());
    const writer = new RoomClient(room);
    writer.edit((doc) => typeInto(doc, 'base'));
    const before = Y.encodeStateAsUpdate(room.doc);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const client = new RoomClient(room, 'read');
        room.receive(client.conn, bytes);
        if (client.closed) expect([4400, 4403, 4413]).toContain(client.closed.code);
        room.leave(client.conn);
      }),
      { numRuns: 500 },
    );
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
  });
});
