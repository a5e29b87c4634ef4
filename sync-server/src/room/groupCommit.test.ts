import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DocStorage } from '../storage/docStorage.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { DocRoom } from './docRoom.ts';
import { roomOptions } from './roomTestSupport.ts';

const DOC = 'book/b1/chapter/c1';

function typeInto(doc: Y.Doc, text: string): void {
  const text0 = doc.getText('t');
  text0.insert(text0.length, text);
}

/** Memory storage that counts log appends. */
function countingStorage(): { storage: DocStorage; appends: Uint8Array[] } {
  const inner = createMemoryDocStorage();
  const appends: Uint8Array[] = [];
  return {
    appends,
    storage: {
      ...inner,
      append: (name, update) => {
        appends.push(update);
        return inner.append(name, update);
      },
    },
  };
}

describe('DocRoom group commit', () => {
  it('writes the first update at once and what follows within the interval as one log entry', async () => {
    const { storage, appends } = countingStorage();
    // Long enough that nothing in this test reaches it: only flush() ends the pause.
    const room = await DocRoom.load(DOC, roomOptions({ storage, persistIntervalMs: 60_000 }));
    const a = new RoomClient(room);
    a.edit((doc) => typeInto(doc, 'one '));
    await vi.waitFor(() => {
      a.drain();
      expect(a.persistedUpTo).toBe(2);
    });
    expect(appends).toHaveLength(1);

    a.edit((doc) => typeInto(doc, 'two '));
    a.edit((doc) => typeInto(doc, 'three'));
    // Broadcast never waits for storage: a second client sees both edits already.
    const b = new RoomClient(room);
    expect(b.doc.getText('t').toString()).toBe('one two three');
    await new Promise((r) => setTimeout(r, 50));
    a.drain();
    expect(a.persistedUpTo).toBe(2);
    expect(appends).toHaveLength(1);

    await room.flush();
    a.drain();
    expect(a.persistedUpTo).toBe(4);
    expect(appends).toHaveLength(2);
    const stored = new Y.Doc();
    for (const update of appends) Y.applyUpdate(stored, update);
    expect(stored.getText('t').toString()).toBe('one two three');
  });

  it('does not pause while a full batch is waiting, so a very busy document never falls behind', async () => {
    const { storage, appends } = countingStorage();
    const room = await DocRoom.load(DOC, roomOptions({ storage, persistIntervalMs: 60_000 }));
    const a = new RoomClient(room);
    a.edit((doc) => typeInto(doc, 'x'));
    await vi.waitFor(() => expect(appends).toHaveLength(1));
    // 600 updates: more than one log entry holds (500), fewer than two.
    for (let i = 0; i < 600; i++) a.edit((doc) => typeInto(doc, 'y'));
    await vi.waitFor(() => {
      a.drain();
      // #1 sync step 2, #2 the first edit, then a full batch of 500 without waiting for the interval.
      expect(a.persistedUpTo).toBe(502);
    });
    expect(appends).toHaveLength(2);
    await room.flush();
    a.drain();
    expect(a.persistedUpTo).toBe(602);
  });

  it('does not keep a closing room waiting for the interval', async () => {
    const { storage, appends } = countingStorage();
    const room = await DocRoom.load(DOC, roomOptions({ storage, persistIntervalMs: 60_000 }));
    const a = new RoomClient(room);
    a.edit((doc) => typeInto(doc, 'first'));
    await vi.waitFor(() => expect(appends).toHaveLength(1));
    a.edit((doc) => typeInto(doc, ' last'));
    await room.close(4503, 'shutting down');
    const loaded = await storage.load(DOC);
    const stored = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(stored, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(stored, update);
    expect(stored.getText('t').toString()).toBe('first last');
  });
});
