import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRoots } from '../sync/protocol.ts';
import { buildManuscript } from './commentTestKit.ts';
import { countChapterDoc, countText, sumCounts } from './wordCount.ts';

const words = (text: string) => countText(text).words;

describe('countText', () => {
  it('counts runs of letters and digits, whatever the spacing', () => {
    expect(words('')).toBe(0);
    expect(words('   \n\t ')).toBe(0);
    expect(words('The rain  fell\non the\tlamp.')).toBe(6);
  });

  it('keeps hyphenated and apostrophe words whole, in straight and curly quotes', () => {
    expect(words('a well-known writer')).toBe(3);
    expect(words("don't stop — rock'n'roll")).toBe(3);
    expect(words('It’s the author’s')).toBe(3);
    // A quote or a dash standing on its own is punctuation, not a word.
    expect(words("'quoted' - and -- dashes —")).toBe(3);
  });

  it('reads numbers with points and commas as one word, and letters of any alphabet', () => {
    expect(words('pi is 3.14, about 1,000 times')).toBe(6);
    expect(words('Ünïcödé café naïve')).toBe(3);
    expect(words('Москва и Петербург')).toBe(3);
  });

  it('counts characters as code points, spaces included', () => {
    expect(countText('ab c').characters).toBe(4);
    expect(countText('😀 x').characters).toBe(3);
  });

  it('never counts more words than runs of non-space text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const runs = text.split(/\s+/).filter(Boolean).length;
        // Punctuation may split a run ("a/b"), so a run can hold several words, but whitespace-only text holds none.
        if (runs === 0) expect(words(text)).toBe(0);
        expect(words(text)).toBeLessThanOrEqual(text.length);
      }),
    );
  });

  it('adds the words of two texts joined by a space', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
        expect(words(`${a} ${b}`)).toBe(words(a) + words(b));
      }),
    );
  });
});

describe('countChapterDoc', () => {
  it('counts each paragraph apart, so edge words of two blocks are not glued together', () => {
    const doc = new Y.Doc();
    buildManuscript(doc, ['Rain on the', 'lamp.']);
    expect(countChapterDoc(doc)).toEqual({ words: 4, characters: 16 });
  });

  it('leaves comment threads out and reads nested blocks (lists, quotes)', () => {
    const doc = new Y.Doc();
    buildManuscript(doc, ['One two']);
    doc.getMap(DocRoots.comments).set('t1', 'a comment with many words in it');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('three four')]);
    item.insert(0, [paragraph]);
    list.insert(0, [item]);
    doc.getXmlFragment(DocRoots.text).push([list]);
    expect(countChapterDoc(doc).words).toBe(4);
  });

  it('is zero for a chapter never written', () => {
    expect(countChapterDoc(new Y.Doc())).toEqual({ words: 0, characters: 0 });
  });

  it('sums chapters into a book', () => {
    expect(
      sumCounts([
        { words: 2, characters: 10 },
        { words: 3, characters: 5 },
      ]),
    ).toEqual({ words: 5, characters: 15 });
  });
});
