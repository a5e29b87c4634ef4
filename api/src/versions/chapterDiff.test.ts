import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterDoc, h, p } from '../validation/testManuscript.ts';
import { diffChapterStates } from './chapterDiff.ts';

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

  it('finds inserted and deleted words and who inserted them, on garbage-collected states', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(h(1, 'Storm'), p('The rain fell on the lamp.')));
    const ana = editorFrom(v1, 11);
    paragraphText(ana, 1).delete(4, 5); // "rain "
    paragraphText(ana, 1).insert(4, 'snow ');
    const ben = editorFrom(Y.encodeStateAsUpdate(ana), 22);
    paragraphText(ben, 1).insert(paragraphText(ben, 1).length, ' Quietly.');
    const v2 = Y.encodeStateAsUpdate(ben);

    const diff = diffChapterStates(v1, v2, authorOf);
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

  it('reads the comparison the other way round (newer → older) as the mirror image', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(p('Keep this and drop that.')));
    const editor = editorFrom(v1, 11);
    paragraphText(editor, 0).delete(9, 14); // " and drop that" → "Keep this."
    const v2 = Y.encodeStateAsUpdate(editor);
    const back = diffChapterStates(v2, v1, authorOf);
    expect(back.insertions.map((r) => r.text)).toEqual([' and drop that']);
    expect(back.deletions).toEqual([]);
  });

  it('reports whole blocks added and a chapter that did not exist', () => {
    const v1 = Y.encodeStateAsUpdate(chapterDoc(p('One.')));
    const editor = editorFrom(v1, 22);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Two.')]);
    editor.getXmlFragment('default').insert(1, [paragraph]);
    const diff = diffChapterStates(v1, Y.encodeStateAsUpdate(editor), authorOf);
    expect(diff.blocks.map((b) => [b.node, b.change])).toEqual([
      ['paragraph', null],
      ['paragraph', 'inserted'],
    ]);
    expect(diff.insertions).toEqual([{ text: 'Two.', by: 'ben' }]);
    const created = diffChapterStates(null, v1, authorOf);
    expect(created.insertions.map((r) => r.text)).toEqual(['One.']);
    expect(diffChapterStates(v1, v1, authorOf).changed).toBe(false);
  });
});
