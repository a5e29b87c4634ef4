import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createInProcessFanoutHub } from '../fanout/inProcessFanout.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { beyondDurable, extendDurable, mergeDurable } from './durableClocks.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/durable';

function updatesOf(change: (doc: Y.Doc) => void, doc = new Y.Doc()): { doc: Y.Doc; updates: Uint8Array[] } {
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  change(doc);
  return { doc, updates };
}

describe('durable clocks', () => {
  it('extend only along a stored prefix, and report what advanced', () => {
    const { doc, updates } = updatesOf((d) => {
      d.getArray('a').push(['x']);
      d.getArray('a').push(['y']);
      d.getArray('a').push(['z']);
    });
    const clocks = new Map<number, number>();
    // The second update alone does not continue the (empty) prefix: nothing is claimed.
    expect(extendDurable(clocks, updates[1]!)).toEqual(new Map());
    expect(extendDurable(clocks, updates[0]!)).toEqual(new Map([[doc.clientID, 1]]));
    expect(extendDurable(clocks, updates[1]!)).toEqual(new Map([[doc.clientID, 2]]));
    expect(beyondDurable(clocks, { ends: Y.parseUpdateMeta(updates[0]!).to })).toBe(false);
    expect(beyondDurable(clocks, { ends: Y.parseUpdateMeta(updates[2]!).to })).toBe(true);
    mergeDurable(clocks, new Map([[doc.clientID, 1]]));
    expect(clocks.get(doc.clientID)).toBe(2);
  });

  it('never claim more than the stored updates hold (any subset, any order)', () => {
    const { updates } = updatesOf((d) => {
      for (let i = 0; i < 8; i++) d.getArray('a').push([i]);
    });
    fc.assert(
      fc.property(fc.shuffledSubarray(updates.map((_, i) => i)), (stored) => {
        const clocks = new Map<number, number>();
        for (const i of stored) extendDurable(clocks, updates[i]!);
        const claimed = [...clocks.values()][0] ?? 0;
        // Every clock below the claim is one of the stored updates (update i holds clock i).
        for (let clock = 0; clock < claimed; clock++) expect(stored).toContain(clock);
      }),
    );
  });
});

describe('a node dies after fanning out an update it never stored', () => {
  it('the other node asks the reconnecting author for it, stores it and acknowledges it', async () => {
    const storage = createMemoryDocStorage();
    const hub = createInProcessFanoutHub();
    const roomA = await DocRoom.load(DOC, roomOptions({ storage, fanout: hub.node() }));
    const roomB = await DocRoom.load(DOC, roomOptions({ storage, fanout: hub.node() }));
    const author = new RoomClient(roomA);
    const reader = new RoomClient(roomB);
    author.edit((doc) => doc.getArray('a').push(['typed on A']));
    author.edit((doc) => doc.getArray('a').delete(0));
    author.edit((doc) => doc.getArray('a').push(['kept']));
    // A crashes before its write ran; B got the updates through the fan-out.
    roomA.abandon();
    await new Promise((r) => setImmediate(r));
    reader.drain();
    expect(reader.doc.getArray('a').toArray()).toEqual(['kept']);
    expect((await storage.load(DOC)).updates).toEqual([]);

    // The author reconnects to B with the document it has.
    const back = new RoomClient(roomB, 'edit', 'user', author.doc);
    await roomB.flush();
    back.drain();
    expect(back.persistedUpTo).toBe(1);
    const loaded = await storage.load(DOC);
    const stored = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(stored, u);
    expect(stored.getArray('a').toArray()).toEqual(['kept']);
    // The deletion is stored too: the deleted element does not come back from storage.
    expect(stored.getArray('a').length).toBe(1);
  });

  it('a node that learned from the fan-out what the other stored asks reconnecting clients for nothing', async () => {
    const storage = createMemoryDocStorage();
    const hub = createInProcessFanoutHub();
    const roomA = await DocRoom.load(DOC, roomOptions({ storage, fanout: hub.node() }));
    const roomB = await DocRoom.load(DOC, roomOptions({ storage, fanout: hub.node() }));
    const author = new RoomClient(roomA);
    author.edit((doc) => doc.getArray('a').push(['stored by A']));
    await roomA.flush();
    await new Promise((r) => setImmediate(r));
    author.drain();
    expect(author.persistedUpTo).toBe(2);
    const back = new RoomClient(roomB, 'edit', 'user', author.doc);
    await roomB.flush();
    back.drain();
    expect(back.persistedUpTo).toBe(1);
    // One entry: A's. B did not store the author's edit a second time.
    expect((await storage.load(DOC)).updates).toHaveLength(1);
  });
});
