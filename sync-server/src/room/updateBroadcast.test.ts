import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Connection, newConnection } from './syncSocket.ts';
import { UpdateBroadcast } from './updateBroadcast.ts';

/** A connection that keeps the updates it is sent (sync frames: type 0, step 2 = update). */
function listener(): { conn: Connection; updates: Uint8Array[] } {
  const updates: Uint8Array[] = [];
  const conn = newConnection(
    {
      send: (frame) => {
        const decoder = decoding.createDecoder(frame);
        expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([0, 2]);
        updates.push(decoding.readVarUint8Array(decoder));
      },
      close: () => undefined,
      isOpen: () => true,
    },
    'u',
    'edit',
  );
  return { conn, updates };
}

/** Three keystrokes by two writers, as the room's document reports them. */
function threeUpdates(): Uint8Array[] {
  const [a, b] = [new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  a.getText('t').insert(0, 'one ');
  updates.push(Y.encodeStateAsUpdate(a));
  b.getText('t').insert(0, 'two ');
  updates.push(Y.encodeStateAsUpdate(b));
  const before = Y.encodeStateVector(a);
  a.getText('t').insert(4, 'three');
  updates.push(Y.encodeStateAsUpdate(a, before));
  return updates;
}

const textOf = (updates: Uint8Array[]): string => {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** 130 connections: one update a turn fills the frames a turn may send at once (256). */
function crowd(): Connection[] {
  return Array.from({ length: 127 }, () => listener().conn);
}

describe('UpdateBroadcast', () => {
  it('sends every update at once to a room of a few', () => {
    const [writerA, writerB, reader] = [listener(), listener(), listener()];
    const broadcast = new UpdateBroadcast(new Set([writerA.conn, writerB.conn, reader.conn]), (conn, frame) =>
      conn.socket.send(frame),
    );
    const [first, second, third] = threeUpdates();
    broadcast.add(first!, writerA.conn);
    broadcast.add(second!, writerB.conn);
    broadcast.add(third!, writerA.conn);
    expect(reader.updates).toEqual([first, second, third]);
    expect(writerA.updates).toEqual([second]);
    expect(writerB.updates).toEqual([first, third]);
  });

  it('on a crowded document, merges what one turn cannot send at once into one frame at the end of the turn', async () => {
    const [writerA, writerB, reader] = [listener(), listener(), listener()];
    const broadcast = new UpdateBroadcast(
      new Set([writerA.conn, writerB.conn, reader.conn, ...crowd()]),
      (conn, frame) => conn.socket.send(frame),
    );
    const [first, second, third] = threeUpdates();
    broadcast.add(first!, writerA.conn);
    expect(reader.updates).toHaveLength(1);
    expect(writerB.updates).toHaveLength(1);
    expect(writerA.updates).toHaveLength(0);
    broadcast.add(second!, writerB.conn);
    broadcast.add(third!, writerA.conn);
    expect(reader.updates).toHaveLength(1);
    await nextTurn();
    // One more frame each, holding both writers' updates (a writer gets its own back inside it).
    expect(reader.updates).toHaveLength(2);
    expect(writerB.updates).toHaveLength(2);
    expect(writerA.updates).toHaveLength(1);
    expect(textOf(reader.updates)).toBe(textOf([first!, second!, third!]));
    expect(textOf([first!, ...writerA.updates])).toBe(textOf([first!, second!, third!]));
  });

  it('skips the author of a merged frame when it has only one, and sends at once again in the next turn', async () => {
    const [writer, reader] = [listener(), listener()];
    const broadcast = new UpdateBroadcast(
      new Set([writer.conn, reader.conn, ...crowd(), listener().conn]),
      (conn, frame) => conn.socket.send(frame),
    );
    const [first, , third] = threeUpdates();
    broadcast.add(first!, writer.conn);
    broadcast.add(third!, writer.conn);
    expect(reader.updates).toHaveLength(1);
    await nextTurn();
    expect(writer.updates).toHaveLength(0);
    expect(reader.updates).toHaveLength(2);
    broadcast.add(first!, writer.conn);
    expect(reader.updates).toHaveLength(3);
  });
});
