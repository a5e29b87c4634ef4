/**
 * Test helpers for comment threads: a manuscript of plain paragraphs shaped as y-prosemirror stores
 * it (`default` fragment → <paragraph> → one Y.XmlText), and a two-way sync between documents.
 */
import * as Y from 'yjs';
import { textRoot } from './commentAnchors.ts';

export function buildManuscript(doc: Y.Doc, paragraphs: readonly string[]): Y.XmlText[] {
  const texts = paragraphs.map((content) => new Y.XmlText(content));
  doc.transact(() => {
    textRoot(doc).insert(
      0,
      texts.map((text) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [text]);
        return paragraph;
      }),
    );
  });
  return texts;
}

/** The paragraphs' Y.XmlTexts in document order (as another replica sees them). */
export function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  return textRoot(doc)
    .toArray()
    .map((paragraph) => (paragraph as Y.XmlElement).get(0) as Y.XmlText);
}

/** Exchanges what each document lacks, both ways, as two connected clients would. */
export function syncBothWays(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

export function replicaOf(doc: Y.Doc): Y.Doc {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  return replica;
}
