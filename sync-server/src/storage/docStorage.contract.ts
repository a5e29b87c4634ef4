import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DeletedRanges, decodeDeletedRanges, encodeDeletedRanges } from './deletedRanges.ts';
import type { DocStorage, LoadedDoc } from './docStorage.ts';

export interface DocStorageHarness {
  /** A storage "node"; two calls give two independent writers over the same backing store. */
  open(): DocStorage;
}

let docCounter = 0;
export const freshDoc = () =>
  `book/contract/chapter/c${process.pid}-${++docCounter}-${Date.now().toString(36)}`;

/** Text edits as separate updates, the way a room appends them. */
export function edits(texts: string[], clientId = 1): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const t of texts) doc.getText('t').insert(doc.getText('t').length, t);
  return updates;
}

export function textOf(loaded: LoadedDoc): string {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

function stateOf(updates: Uint8Array[]): Uint8Array {
  return Y.mergeUpdates(updates);
}

/** A delete set from [client, clock, len] triples. */
function deleted(...triples: [number, number, number][]): Uint8Array {
  const ranges: DeletedRanges = new Map();
  for (const [client, clock, len] of triples) {
    const list = ranges.get(client) ?? [];
    list.push({ clock, len });
    ranges.set(client, list);
  }
  return encodeDeletedRanges(ranges);
}

/** Each user's loaded record as [client, clock, len] triples, users and ranges in order. */
async function loadedDeletions(storage: DocStorage, docName: string): Promise<[string, number[][]][]> {
  const records = await deletionsOf(storage).loadDeletions(docName);
  return [...records]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([userId, bytes]) => [
      userId,
      [...decodeDeletedRanges(bytes)]
        .sort(([a], [b]) => a - b)
        .flatMap(([client, list]) => list.map((r) => [client, r.clock, r.len])),
    ]);
}

function deletionsOf(storage: DocStorage) {
  const { recordDeletions, loadDeletions } = storage;
  if (!recordDeletions || !loadDeletions) throw new Error('this storage keeps no deletion records');
  return { recordDeletions: recordDeletions.bind(storage), loadDeletions: loadDeletions.bind(storage) };
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

    it('records a flood of claims for many documents at once, first claim winning within the flood too', async () => {
      const harness = setup();
      const storage = harness.open();
      const docs = [freshDoc(), freshDoc(), freshDoc()];
      // 3 × 80 ids (more than one transaction holds), each claimed by ana and, in the same turn, by
      // mallory; ana's calls start first.
      const ids = Array.from({ length: 80 }, (_, i) => 1000 + i);
      await Promise.all([
        ...docs.map((doc) => storage.recordAuthors(doc, 'ana', ids)),
        ...docs.map((doc) => storage.recordAuthors(doc, 'mallory', [...ids, 5000])),
      ]);
      for (const doc of docs) {
        const authors = await harness.open().loadAuthors(doc);
        expect(authors.size).toBe(81);
        for (const id of ids) expect(authors.get(id)).toBe('ana');
        expect(authors.get(5000)).toBe('mallory');
      }
    });

    it('records what each user deleted, merged per user, apart from the log and its compaction', async () => {
      const harness = setup();
      const storage = deletionsOf(harness.open());
      const doc = freshDoc();
      await storage.recordDeletions(doc, 'ana', deleted([11, 0, 5], [12, 40, 2]));
      // Overlapping, touching and repeated ranges merge; another user's stay theirs.
      await storage.recordDeletions(doc, 'ana', deleted([11, 3, 4], [11, 7, 1], [12, 40, 2], [11, 20, 1]));
      await storage.recordDeletions(doc, 'ben', deleted([11, 5, 3]));
      const updates = edits(['a', 'b']);
      for (const u of updates) await harness.open().append(doc, u);
      await harness.open().writeSnapshot(doc, stateOf(updates), 2);
      expect(await loadedDeletions(harness.open(), doc)).toEqual([
        [
          'ana',
          [
            [11, 0, 8],
            [11, 20, 1],
            [12, 40, 2],
          ],
        ],
        ['ben', [[11, 5, 3]]],
      ]);
      // A record is a delete-only Yjs update: Yjs itself reads it.
      const ana = (await storage.loadDeletions(doc)).get('ana')!;
      expect(Y.isDeleted(Y.decodeUpdate(ana).ds, Y.createID(11, 7))).toBe(true);
      expect(Y.isDeleted(Y.decodeUpdate(ana).ds, Y.createID(11, 8))).toBe(false);
      expect(await storage.loadDeletions(freshDoc())).toEqual(new Map());
    });

    it('keeps every range when two writers record one user’s deletions at once', async () => {
      const harness = setup();
      const [a, b] = [deletionsOf(harness.open()), deletionsOf(harness.open())];
      const doc = freshDoc();
      // Two nodes, each writing its flushes one after another, as a room's tally does.
      const writes = async (writer: typeof a, client: number, len: number) => {
        for (let i = 0; i < 8; i++) await writer.recordDeletions(doc, 'ana', deleted([client, i * 10, len]));
      };
      await Promise.all([writes(a, 1, 2), writes(b, 2, 3)]);
      const [[, ranges]] = (await loadedDeletions(harness.open(), doc)) as [[string, number[][]]];
      expect(ranges).toEqual([
        ...Array.from({ length: 8 }, (_, i) => [1, i * 10, 2]),
        ...Array.from({ length: 8 }, (_, i) => [2, i * 10, 3]),
      ]);
    });

    it('keeps deletion records larger than a DynamoDB item', async () => {
      const harness = setup();
      const storage = deletionsOf(harness.open());
      const doc = freshDoc();
      // Every other character of a long session deleted: 120,000 ranges that cannot merge.
      const fragmented = (client: number, count: number) =>
        encodeDeletedRanges(
          new Map([[client, Array.from({ length: count }, (_, i) => ({ clock: 20_000 + i * 2, len: 1 }))]]),
        );
      const big = fragmented(7, 120_000);
      expect(big.byteLength).toBeGreaterThan(400 * 1024);
      await storage.recordDeletions(doc, 'ana', big);
      await storage.recordDeletions(doc, 'ana', fragmented(8, 3));
      const ana = decodeDeletedRanges((await storage.loadDeletions(doc)).get('ana')!);
      expect(ana.get(7)).toHaveLength(120_000);
      expect(ana.get(7)!.at(-1)).toEqual({ clock: 20_000 + 119_999 * 2, len: 1 });
      expect(ana.get(8)).toEqual([
        { clock: 20_000, len: 1 },
        { clock: 20_002, len: 1 },
        { clock: 20_004, len: 1 },
      ]);
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
