import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { RoomClient } from '../testing/roomClient.ts';
import { RoomRegistry } from './roomRegistry.ts';
import { roomOptions } from './roomTestSupport.ts';
import { newConnection } from './syncSocket.ts';

const DOC = 'book/b1/chapter/c2';
const idleSocket = { send() {}, close() {}, isOpen: () => true };

describe('RoomRegistry', () => {
  it('shares one load between clients, unloads idle rooms after persisting, and reloads them intact', async () => {
    const options = roomOptions({ idleUnloadMs: 5 });
    const registry = new RoomRegistry(options);
    const [one, two] = await Promise.all([
      registry.join(DOC, newConnection(idleSocket, 'u1', 'edit')),
      registry.join(DOC, newConnection(idleSocket, 'u2', 'edit')),
    ]);
    expect(one).toBe(two);
    const writer = new RoomClient(one);
    writer.edit((doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlText('persist me')]));
    for (const conn of [...one.connections]) registry.leave(one, conn);
    await vi.waitFor(() => expect(registry.loadedCount).toBe(0));
    expect((await options.storage.load(DOC)).snapshot).not.toBeNull();
    const again = await registry.join(DOC, newConnection(idleSocket, 'u3', 'edit'));
    expect(again).not.toBe(one);
    expect(again.doc.getXmlFragment('default').toString()).toBe(writer.text());
    await registry.closeAll();
  });
});

describe('RoomRegistry while storage is down', () => {
  it('keeps an idle room with unstored updates loaded, so the document reopens at once', async () => {
    let down = false;
    const options = roomOptions({
      idleUnloadMs: 5,
      storage: createMemoryDocStorage({ unavailable: () => down }),
    });
    const registry = new RoomRegistry(options);
    const room = await registry.join(DOC, newConnection(idleSocket, 'u1', 'edit'));
    down = true;
    const writer = new RoomClient(room);
    writer.edit((doc) => doc.getXmlFragment('default').insert(0, [new Y.XmlText('not stored yet')]));
    for (const conn of [...room.connections]) registry.leave(room, conn);
    await vi.waitFor(async () =>
      expect((await options.metrics.persistFailures.get()).values[0]?.value).toBeGreaterThan(2),
    );
    expect(registry.loadedCount).toBe(1);
    const again = await registry.join(DOC, newConnection(idleSocket, 'u2', 'edit'));
    expect(again).toBe(room);
    expect(again.doc.getXmlFragment('default').toString()).toBe(writer.text());
    down = false;
    registry.leave(again, [...again.connections][0]!);
    await vi.waitFor(() => expect(registry.loadedCount).toBe(0));
    expect((await options.storage.load(DOC)).snapshot).not.toBeNull();
  });
});
