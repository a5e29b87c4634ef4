import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStorage, LoadedDoc } from './docStorage.ts';

export interface DocStorageHarness {
  /** A storage "node"; two calls give two independent writers over the same backing store. */
  open(): DocStorage;
}

let docCounter = 0;
const freshDoc = () => `book/contract/chapter/c${process.pid}-${++docCounter}-${Date.now().toString(36)}`;

/** Text edits as separate updates, the way a room appends them. */
function edits(texts: string[], clientId = 1): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const t of texts) doc.getText('t').insert(doc.getText('t').length, t);
  return updates;
}

function textOf(loaded: LoadedDoc): string {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

function stateOf(updates: Uint8Array[]): Uint8Array {
  return Y.mergeUpdates(updates);
}

/** The behaviour every DocStorage must have; run by each implementation's test file. */
export function describeDocStorageContract(name: string, setup: () => DocStorageHarness): void {
  describe(`DocStorage contract: ${name}`, () => {
    it('loads an unknown document as empty', async () => {
      const loaded = await setup().open().load(freshDoc());
      expect(loaded).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 });
    });

    it('appends entries in order with increasing sequence numbers', async () => {
      const storage = setup().open();
      const doc = freshDoc();
      const seqs: number[] = [];
      for (const u of edits(['a', 'b', 'c'])) seqs.push(await storage.append(doc, u));
      expect(seqs).toEqual([1, 2, 3]);
      const loaded = await storage.load(doc);
      expect(loaded.lastSeq).toBe(3);
      expect(textOf(loaded)).toBe('abc');
    });

    it('keeps every entry when appends race, from one writer or two', async () => {
      const harness = setup();
      const [a, b] = [harness.open(), harness.open()];
      const doc = freshDoc();
      const fromA = edits(['a1', 'a2', 'a3', 'a4'], 1);
      const fromB = edits(['b1', 'b2', 'b3', 'b4'], 2);
      const seqs = await Promise.all([
        ...fromA.map((u) => a.append(doc, u)),
        ...fromB.map((u) => b.append(doc, u)),
      ]);
      expect(new Set(seqs).size).toBe(8);
      const loaded = await harness.open().load(doc);
      expect(loaded.updates).toHaveLength(8);
      const expected = new Y.Doc();
      for (const u of [...fromA, ...fromB]) Y.applyUpdate(expected, u);
      expect(textOf(loaded)).toBe(expected.getText('t').toString());
    });

    it('loads snapshot plus the log after it, and compacts the log behind it', async () => {
      const storage = setup().open();
      const doc = freshDoc();
      const updates = edits(['one ', 'two ', 'three ', 'four ']);
      for (const u of updates) await storage.append(doc, u);
      await storage.writeSnapshot(doc, stateOf(updates.slice(0, 3)), 3);
      const loaded = await storage.load(doc);
      expect(loaded.snapshotSeq).toBe(3);
      expect(loaded.updates).toHaveLength(1);
      expect(loaded.lastSeq).toBe(4);
      expect(textOf(loaded)).toBe('one two three four ');
      expect(await storage.append(doc, edits(['x'], 9)[0]!)).toBe(5);
    });

    it('ignores a snapshot older than the current one', async () => {
      const storage = setup().open();
      const doc = freshDoc();
      const updates = edits(['a', 'b', 'c']);
      for (const u of updates) await storage.append(doc, u);
      await storage.writeSnapshot(doc, stateOf(updates), 3);
      await storage.writeSnapshot(doc, stateOf(updates.slice(0, 1)), 1);
      const loaded = await storage.load(doc);
      expect(loaded.snapshotSeq).toBe(3);
      expect(textOf(loaded)).toBe('abc');
    });

    it('never lets a writer with a stale view append behind a snapshot', async () => {
      const harness = setup();
      const [a, b] = [harness.open(), harness.open()];
      const doc = freshDoc();
      const updates = edits(['a', 'b', 'c', 'd']);
      await b.append(doc, updates[0]!);
      for (const u of updates.slice(1, 3)) await a.append(doc, u);
      await a.writeSnapshot(doc, stateOf(updates.slice(0, 3)), 3);
      // b last saw sequence 1; its next entry must still land after the snapshot.
      const seq = await b.append(doc, updates[3]!);
      expect(seq).toBe(4);
      expect(textOf(await harness.open().load(doc))).toBe('abcd');
    });

    it('stores updates larger than a DynamoDB item', async () => {
      const storage = setup().open();
      const doc = freshDoc();
      const big = new Y.Doc();
      big.getText('t').insert(0, randomBytes(300 * 1024).toString('base64'));
      const update = Y.encodeStateAsUpdate(big);
      expect(update.byteLength).toBeGreaterThan(400 * 1024);
      await storage.append(doc, update);
      const loaded = await storage.load(doc);
      expect(textOf(loaded)).toBe(big.getText('t').toString());
      await storage.writeSnapshot(doc, update, 1);
      expect(textOf(await storage.load(doc))).toBe(big.getText('t').toString());
    });

    it('stores concurrent appends to many documents, each log in order', async () => {
      const storage = setup().open();
      const docs = Array.from({ length: 60 }, () => freshDoc());
      const updates = edits(['x', 'y']);
      const seqs = await Promise.all(
        docs.flatMap((doc) => [storage.append(doc, updates[0]!), storage.append(doc, updates[1]!)]),
      );
      expect(seqs.every((seq) => seq === 1 || seq === 2)).toBe(true);
      const loaded = await Promise.all(docs.map((doc) => storage.load(doc)));
      for (const doc of loaded) {
        expect(doc.lastSeq).toBe(2);
        expect(textOf(doc)).toBe('xy');
      }
    });

    it('records the first user of each Yjs client id, apart from the log and its compaction', async () => {
      const harness = setup();
      const storage = harness.open();
      const doc = freshDoc();
      await storage.recordAuthors(doc, 'ana', [11, 12]);
      await storage.recordAuthors(doc, 'mallory', [11, 13]);
      const updates = edits(['a', 'b']);
      for (const u of updates) await storage.append(doc, u);
      await storage.writeSnapshot(doc, stateOf(updates), 2);
      const authors = await harness.open().loadAuthors(doc);
      expect([...authors.entries()].sort(([a], [b]) => a - b)).toEqual([
        [11, 'ana'],
        [12, 'ana'],
        [13, 'mallory'],
      ]);
      expect((await storage.load(doc)).updates).toHaveLength(0);
      expect(await storage.loadAuthors(freshDoc())).toEqual(new Map());
    });

    it('keeps documents apart', async () => {
      const storage = setup().open();
      const [one, two] = [freshDoc(), freshDoc()];
      await storage.append(one, edits(['first'])[0]!);
      await storage.append(two, edits(['second'])[0]!);
      expect(textOf(await storage.load(one))).toBe('first');
      expect(textOf(await storage.load(two))).toBe('second');
    });
  });
}
