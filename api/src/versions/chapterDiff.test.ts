import {
  addRanges,
  type DeletedRanges,
  encodeDeletedRanges,
} from '@galley/sync-server/storage/deletedRanges';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterDoc, h, p } from '../validation/testManuscript.ts';
import { type Attribution, diffChapterStates } from './chapterDiff.ts';
import { deleterIndex } from './deleterIndex.ts';

/** A second editor (its own Yjs client id) that starts from `state`. */
function editorFrom(state: Uint8Array, clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, state);
  return doc;
}

const paragraphText = (doc: Y.Doc, index: number) =>
  (doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;

describe('diffChapterStates', () => {
  const authors = new Map<number, string>([
    [11, 'ana'],
    [22, 'ben'],
  ]);
  const authorOf = (client: number) => authors.get(client) ?? null;
  /** No deletion records: deletions name nobody. */
  const attribution: Attribution = { authorOf, deletersOf: deleterIndex(new Map()) };

  it('finds inserted and deleted words and who inserted them, on garbage-collected states', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(h(1, 'Storm'), p('The rain fell on the lamp.')));
    const ana = editorFrom(v1, 11);
    paragraphText(ana, 1).delete(4, 5); // "rain "
    paragraphText(ana, 1).insert(4, 'snow ');
    const ben = editorFrom(Y.encodeStateAsUpdate(ana), 22);
    paragraphText(ben, 1).insert(paragraphText(ben, 1).length, ' Quietly.');
    const v2 = Y.encodeStateAsUpdate(ben);

    const diff = diffChapterStates(v1, v2, attribution);
    expect(diff.changed).toBe(true);
    expect(diff.insertions).toEqual([
      { text: 'snow ', by: 'ana' },
      { text: ' Quietly.', by: 'ben' },
    ]);
    expect(diff.deletions).toEqual([{ text: 'rain ', by: null }]);
    expect(diff.blocks[1]!.segments.map((s) => [s.text, s.change])).toEqual([
      ['The ', null],
      ['rain ', 'deleted'],
      ['snow ', 'inserted'],
      ['fell on the lamp.', null],
      [' Quietly.', 'inserted'],
    ]);
  });

  it('names who deleted each run, even two people’s deletions inside one original stretch of text', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(p('The rain fell on the lamp.')));
    // What the sync server records: per user, the deletions their editor's updates made.
    const deleted = new Map<string, DeletedRanges>();
    const edit = (doc: Y.Doc, userId: string, change: () => void) => {
      const updates: Uint8Array[] = [];
      const record = (u: Uint8Array) => updates.push(u);
      doc.on('update', record);
      change();
      doc.off('update', record);
      const ranges = deleted.get(userId) ?? new Map();
      for (const u of updates) addRanges(ranges, Y.decodeUpdate(u).ds.clients);
      deleted.set(userId, ranges);
    };
    const records = () => new Map([...deleted].map(([user, ranges]) => [user, encodeDeletedRanges(ranges)]));
    const ana = editorFrom(v1, 11);
    edit(ana, 'ana', () => {
      paragraphText(ana, 0).delete(4, 5); // "rain "
      paragraphText(ana, 0).insert(paragraphText(ana, 0).length, ' Quietly.');
    });
    const ben = editorFrom(Y.encodeStateAsUpdate(ana), 22);
    // "fell ", right after "rain ": the two deletions make one range of v1's text in v2's delete set.
    edit(ben, 'ben', () => paragraphText(ben, 0).delete(4, 5));
    const v2 = Y.encodeStateAsUpdate(ben);
    edit(ben, 'ben', () => paragraphText(ben, 0).delete(16, 9)); // " Quietly.", after v2
    const people: Attribution = { authorOf, deletersOf: deleterIndex(records()) };

    const diff = diffChapterStates(v1, v2, people);
    expect(diff.deletions).toEqual([
      { text: 'rain ', by: 'ana' },
      { text: 'fell ', by: 'ben' },
    ]);
    expect(diff.insertions).toEqual([{ text: ' Quietly.', by: 'ana' }]);
    expect(diff.blocks[0]!.segments.map((s) => [s.text, s.change, s.by])).toEqual([
      ['The ', null, null],
      ['rain ', 'deleted', 'ana'],
      ['fell ', 'deleted', 'ben'],
      ['on the lamp.', null, null],
      [' Quietly.', 'inserted', 'ana'],
    ]);
    // Backwards (v2 → v1), " Quietly." goes because v1 never had it: nobody deleted it there, even
    // though Ben deleted it later.
    expect(diffChapterStates(v2, v1, people).deletions).toEqual([{ text: ' Quietly.', by: null }]);
    // Text two people deleted at once (Ana had not seen Ben's deletion) names the first by user id.
    edit(ana, 'ana', () => paragraphText(ana, 0).delete(21, 9));
    const both = Y.mergeUpdates([Y.encodeStateAsUpdate(ben), Y.encodeStateAsUpdate(ana)]);
    const concurrent = diffChapterStates(v2, both, { authorOf, deletersOf: deleterIndex(records()) });
    expect(concurrent.deletions).toEqual([{ text: ' Quietly.', by: 'ana' }]);
  });

  it('reads the comparison the other way round (newer → older) as the mirror image', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(p('Keep this and drop that.')));
    const editor = editorFrom(v1, 11);
    paragraphText(editor, 0).delete(9, 14); // " and drop that" → "Keep this."
    const v2 = Y.encodeStateAsUpdate(editor);
    const back = diffChapterStates(v2, v1, attribution);
    expect(back.insertions.map((r) => r.text)).toEqual([' and drop that']);
    expect(back.deletions).toEqual([]);
  });

  it('reports whole blocks added and a chapter that did not exist', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(p('One.')));
    const editor = editorFrom(v1, 22);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Two.')]);
    editor.getXmlFragment('default').insert(1, [paragraph]);
    const diff = diffChapterStates(v1, Y.encodeStateAsUpdate(editor), attribution);
    expect(diff.blocks.map((b) => [b.node, b.change])).toEqual([
      ['paragraph', null],
      ['paragraph', 'inserted'],
    ]);
    expect(diff.insertions).toEqual([{ text: 'Two.', by: 'ben' }]);
    const created = diffChapterStates(null, v1, attribution);
    expect(created.insertions.map((r) => r.text)).toEqual(['One.']);
    expect(diffChapterStates(v1, v1, attribution).changed).toBe(false);
  });
});
