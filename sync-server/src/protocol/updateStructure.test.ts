import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate, parseClientFrame } from './frames.ts';

/**
 * The frame parser's structural check stands in for applying each update to a scratch document, so
 * what it accepts must integrate without an exception into an empty document and into the document
 * the update was made against, and leave a document that still encodes, reloads and takes edits.
 * FUZZ_RUNS raises the runs (npm run fuzz:frames -w sync-server runs a million).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const LIMIT = 1 << 20;

/** A chapter's history: a base state and updates made against it by three editors and a commenter. */
function corpus(): { base: Uint8Array; updates: Uint8Array[] } {
  const ada = new Y.Doc();
  ada.clientID = 101;
  const text = new Y.XmlText('The keeper climbed the stairs.');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [text]);
  ada.getXmlFragment('default').insert(0, [paragraph]);
  ada.getMap('comments').set('t1', 'first thread');
  const base = Y.encodeStateAsUpdate(ada);

  const updates: Uint8Array[] = [];
  const peers = [ada, new Y.Doc(), new Y.Doc()];
  peers[1]!.clientID = 202;
  peers[2]!.clientID = 303;
  for (const peer of peers.slice(1)) Y.applyUpdate(peer, base);
  for (const peer of peers) peer.on('update', (update: Uint8Array) => updates.push(update));
  const textOf = (doc: Y.Doc) => (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  textOf(peers[1]!).insert(4, 'old ');
  textOf(peers[2]!).format(0, 3, { bold: true });
  textOf(peers[0]!).delete(11, 8);
  textOf(peers[1]!).insert(0, '“', { italic: true });
  peers[2]!.getMap('comments').set('t2', { body: 'why?', at: [1, 2] });
  peers[0]!.getXmlFragment('default').insert(1, [new Y.XmlElement('heading')]);
  textOf(peers[2]!).insertEmbed(2, { image: 'm1' });
  peers[1]!.getMap('comments').delete('t1');
  const merged = Y.mergeUpdates([base, ...updates]);
  return { base, updates: [base, merged, ...updates, Y.encodeStateAsUpdate(peers[1]!)] };
}

const { base, updates } = corpus();

function mutate(bytes: Uint8Array, edits: Array<{ at: number; op: string; byte: number }>): Uint8Array {
  let out = [...bytes];
  for (const { at, op, byte } of edits) {
    const i = out.length === 0 ? 0 : at % out.length;
    if (op === 'flip') out[i] = byte;
    else if (op === 'bit') out[i] = (out[i] ?? 0) ^ (1 << (byte % 8));
    else if (op === 'cut') out = out.slice(0, i);
    else if (op === 'insert') out.splice(i, 0, byte);
    else if (op === 'repeat') out.splice(i, 0, ...out.slice(i, i + 1 + (byte % 8)));
    else out.splice(i, 1);
  }
  return Uint8Array.from(out);
}

/**
 * Applies an accepted update to `doc` (throws if Yjs cannot) and checks the document still encodes,
 * reloads into another document and takes edits. It does not compare the copy's text with the
 * original's: an item whose origin lies to the right of its right origin (a flipped clock does that)
 * integrates, but where depends on what the document already holds, so replicas that receive it in a
 * different order can disagree. No shape check catches that without the document; see the README.
 */
function expectIntegrates(doc: Y.Doc, update: Uint8Array): void {
  Y.applyUpdate(doc, update);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  doc.getXmlFragment('default').insert(0, [new Y.XmlText('more')]);
  doc.getMap('comments').set('later', 'x');
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(copy)));
  expect(copy.getXmlFragment('default').get(0)?.toString()).toBe('more');
}

function accepted(update: Uint8Array): boolean {
  const result = parseClientFrame(encodeUpdate(update), LIMIT);
  return result.ok;
}

describe('the frame parser’s structural check of updates', () => {
  it('accepts every update Yjs itself writes', () => {
    for (const update of updates) expect(accepted(update)).toBe(true);
  });

  it('passes only updates that integrate into an empty document and into the one they were made for', () => {
    const op = fc.constantFrom('flip', 'bit', 'cut', 'insert', 'delete', 'repeat');
    const mutation = fc.record({
      update: fc.constantFrom(...updates),
      edits: fc.array(fc.record({ at: fc.nat(), op, byte: fc.nat(255) }), { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(mutation, ({ update, edits }) => {
        const bytes = mutate(update, edits);
        if (!accepted(bytes)) return;
        expectIntegrates(new Y.Doc(), bytes);
        const made = new Y.Doc();
        Y.applyUpdate(made, base);
        expectIntegrates(made, bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses each shape Yjs cannot integrate', () => {
    const item = (client: number, clock: number, content: string, origin?: [number, number]) => ({
      client,
      clock,
      structs: [{ origin, text: content }],
    });
    // Sound as written, so each case below is refused for the one thing it changes.
    expect(accepted(v1Update([item(7, 0, 'ab')], []))).toBe(true);
    expect(accepted(v1Update([item(7, 0, 'ab'), item(8, 0, 'c', [7, 1])], [[7, [[0, 1]]]]))).toBe(true);

    const cases: Record<string, Uint8Array> = {
      'an empty string item (0 clocks long)': v1Update([item(7, 0, '')], []),
      'a GC run of length 0': v1Update([{ client: 7, clock: 0, structs: [{ gc: 0 }, { text: 'a' }] }], []),
      'two blocks of one client': v1Update([item(7, 0, 'ab'), item(8, 0, 'c'), item(7, 1, 'x')], []),
      'an origin at its own client’s later clock': v1Update([item(7, 0, 'ab', [7, 5])], []),
      'an origin inside itself': v1Update([item(7, 3, 'ab', [7, 3])], []),
      'a sub-document': subDocumentUpdate(),
      'a deleted range of length 0': v1Update([item(7, 0, 'ab')], [[7, [[0, 0]]]]),
      'deleted ranges out of order': v1Update(
        [item(7, 0, 'abcd')],
        [
          [
            7,
            [
              [2, 1],
              [0, 1],
            ],
          ],
        ],
      ),
      'deleted ranges that overlap': v1Update(
        [item(7, 0, 'abcd')],
        [
          [
            7,
            [
              [0, 2],
              [1, 2],
            ],
          ],
        ],
      ),
    };
    for (const [name, update] of Object.entries(cases))
      expect([name, accepted(update)]).toEqual([name, false]);
  });
});

interface StructSpec {
  origin?: [number, number];
  text?: string;
  gc?: number;
}

/** A Yjs v1 update written byte by byte, so it can hold what Yjs's own encoder never writes. */
function v1Update(
  blocks: Array<{ client: number; clock: number; structs: StructSpec[] }>,
  deletes: Array<[number, Array<[number, number]>]>,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, blocks.length);
  for (const { client, clock, structs } of blocks) {
    encoding.writeVarUint(e, structs.length);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    for (const struct of structs) {
      if (struct.gc !== undefined) {
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, struct.gc);
        continue;
      }
      const CONTENT_STRING = 4;
      const HAS_ORIGIN = 0x80;
      encoding.writeUint8(e, CONTENT_STRING | (struct.origin ? HAS_ORIGIN : 0));
      if (struct.origin) {
        encoding.writeVarUint(e, struct.origin[0]);
        encoding.writeVarUint(e, struct.origin[1]);
      } else {
        encoding.writeVarUint(e, 1); // parent named by its root key
        encoding.writeVarString(e, 'comments');
      }
      encoding.writeVarString(e, struct.text ?? '');
    }
  }
  encoding.writeVarUint(e, deletes.length);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

function subDocumentUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('comments').set('nested', new Y.Doc());
  return Y.encodeStateAsUpdate(doc);
}
