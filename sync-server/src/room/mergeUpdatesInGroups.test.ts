import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeUpdatesInGroups } from './mergeUpdatesInGroups.ts';

/** What a room's document reports while five writers type, delete and format in turn. */
function roomUpdates(count: number): Uint8Array[] {
  const room = new Y.Doc();
  const writers = Array.from({ length: 5 }, () => new Y.Doc());
  const updates: Uint8Array[] = [];
  room.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) {
    const writer = writers[i % writers.length]!;
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(room, Y.encodeStateVector(writer)));
    const text = writer.getText('t');
    if (i % 7 === 6 && text.length > 4) text.delete(i % (text.length - 3), 3);
    else text.insert(i % (text.length + 1), `w${i % writers.length}:${i} `);
    Y.applyUpdate(room, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(room)));
  }
  return updates;
}

const stateOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return { text: doc.getText('t').toString(), sv: Y.encodeStateVector(doc) };
};

describe('mergeUpdatesInGroups', () => {
  it('gives the document Y.mergeUpdates gives, across several levels of groups', () => {
    for (const count of [1, 2, 16, 17, 300]) {
      const updates = roomUpdates(count);
      expect(stateOf(mergeUpdatesInGroups(updates))).toEqual(stateOf(Y.mergeUpdates(updates)));
    }
  });

  it('keeps the deletions: the merged update deletes what the writers deleted', () => {
    const updates = roomUpdates(300);
    const merged = Y.decodeUpdate(mergeUpdatesInGroups(updates)).ds;
    expect(merged.clients.size).toBeGreaterThan(0);
    expect(Y.equalDeleteSets(merged, Y.decodeUpdate(Y.mergeUpdates(updates)).ds)).toBe(true);
  });
});
