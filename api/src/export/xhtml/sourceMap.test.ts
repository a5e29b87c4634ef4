import { describe, expect, it } from 'vitest';
import { h, manuscriptDoc, node, p, type Spec, t } from '../manuscriptFixtures.ts';
import { renderChapterDocument } from './chapterDocument.ts';
import { assignChapterIds } from './chapterIds.ts';
import { readManuscript } from './manuscriptTree.ts';
import { positionAtCfi, positionAtLine, positionAtPointer, positionAtSelector } from './sourceLookup.ts';
import { readSourceMarks, sourceMark } from './sourceMap.ts';

function render(blocks: Spec[]) {
  const tree = readManuscript(manuscriptDoc(blocks));
  return renderChapterDocument(
    { id: 'c1', title: 'One', kind: 'chapter', tree, file: 'chapter-01.xhtml', ids: assignChapterIds(tree) },
    {
      chapterFiles: new Map([['c1', 'chapter-01.xhtml']]),
      anchors: new Map(),
      images: new Map([['m1', { href: '../images/m1.png', width: 40, height: 30 }]]),
    },
    'en',
  );
}

/** 1-based line of the first line of `xhtml` containing `text`. */
const lineOf = (xhtml: string, text: string) => xhtml.split('\n').findIndex((l) => l.includes(text)) + 1;

describe('readSourceMarks', () => {
  it('takes the marks out and reads each element with its place in the file and its node', () => {
    const marked = `<html>\n<body>\n${sourceMark(7)}<p>a <em>b</em></p>\n${sourceMark(12)}<figure><img src="x"/></figure>\n</body>\n</html>`;
    const { xhtml, map } = readSourceMarks(marked);
    expect(xhtml).toBe(
      '<html>\n<body>\n<p>a <em>b</em></p>\n<figure><img src="x"/></figure>\n</body>\n</html>',
    );
    expect(map.elements.map((e) => [e.name, e.line, e.column, e.endLine, e.position])).toEqual([
      ['html', 1, 1, 6, null],
      ['body', 2, 1, 5, null],
      ['p', 3, 1, 3, 7],
      ['em', 3, 6, 3, 7],
      ['figure', 4, 1, 4, 12],
      ['img', 4, 9, 4, 12],
    ]);
    expect(map.elements[5]!.attrs).toEqual({ src: 'x' });
    expect(map.elements[0]!.children).toEqual([1]);
    expect(map.elements[1]!.children).toEqual([2, 4]);
  });

  it('leaves no mark in a rendered chapter, even from control characters in the text', () => {
    const out = render([h(1, 'One'), p(t('a\u0001 5\u0002b')), node('image', { mediaId: 'm1' })]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for the marks
    expect(out.xhtml).not.toMatch(/[\u0001\u0002]/);
    expect(out.xhtml).toContain('<p>a 5b</p>');
  });
});

describe('finding a checker location in the manuscript', () => {
  // heading 0–4, paragraph 5 ("The keeper." 11 chars, to 17), image 18, list 19 > item 20 > paragraph 21.
  const blocks = [
    h(1, 'One'),
    p(t('The keeper.')),
    node('image', { mediaId: 'm1', caption: 'Lamp' }),
    node('bulletList', {}, node('listItem', {}, p(t('dot')))),
  ];

  it('maps an EPUBCheck line (and column) to the block written on it', () => {
    const out = render(blocks);
    const map = out.sourceMap;
    expect(positionAtLine(map, lineOf(out.xhtml, '<h1'), null)).toBe(0);
    expect(positionAtLine(map, lineOf(out.xhtml, '<p>The keeper.'), 5)).toBe(5);
    const figureLine = lineOf(out.xhtml, '<figure');
    expect(positionAtLine(map, figureLine, null)).toBe(18);
    // The column past the img's start tag names the img, which came from the same image node.
    expect(positionAtLine(map, figureLine, 60)).toBe(18);
    expect(positionAtLine(map, lineOf(out.xhtml, '<ul>'), null)).toBe(19);
    expect(positionAtLine(map, lineOf(out.xhtml, '<li>'), 30)).toBe(21);
    // The list's end tag is on a line of its own: it belongs to the list.
    expect(positionAtLine(map, lineOf(out.xhtml, '</ul>'), null)).toBe(19);
    // Lines of the document's shell belong to no node.
    expect(positionAtLine(map, lineOf(out.xhtml, '<title>'), null)).toBeNull();
  });

  it('maps the CFI Ace gives for an image lacking alt text to the image node', () => {
    const out = render(blocks);
    // What Ace 1.4 reported for this shape: html > body (4) > section (2) > figure (6) > img (2).
    expect(positionAtCfi(out.sourceMap, '/4/2[section-chapter-01]/6/2')).toBe(18);
    expect(positionAtCfi(out.sourceMap, '/4/2[section-chapter-01]/4/1:3')).toBe(5);
    expect(positionAtCfi(out.sourceMap, '/4/2[wrong-id]/6/2')).toBeNull();
    expect(positionAtCfi(out.sourceMap, '/4/2/40')).toBeNull();
    expect(positionAtCfi(out.sourceMap, 'nonsense')).toBeNull();
  });

  it('maps the CSS selector Ace gives to the first element it matches', () => {
    const out = render(blocks);
    expect(positionAtSelector(out.sourceMap, 'figure:nth-child(3) > img')).toBe(18);
    expect(positionAtSelector(out.sourceMap, '#h-1')).toBe(0);
    expect(positionAtSelector(out.sourceMap, 'ul li > p')).toBe(21);
    expect(positionAtSelector(out.sourceMap, 'img[src$="m1.png"]')).toBe(18);
    expect(positionAtSelector(out.sourceMap, 'section > p:nth-of-type(1)')).toBe(5);
    expect(positionAtSelector(out.sourceMap, 'figure:nth-child(2) > img')).toBeNull();
    expect(positionAtSelector(out.sourceMap, 'p::before')).toBeNull();
  });

  it('prefers the CFI and falls back to the selector when the CFI does not fit', () => {
    const out = render(blocks);
    expect(positionAtPointer(out.sourceMap, { cfis: ['/4/2/6/2'], selectors: ['#h-1'] })).toBe(18);
    expect(positionAtPointer(out.sourceMap, { cfis: ['/4/9/9'], selectors: ['#h-1'] })).toBe(0);
    expect(positionAtPointer(out.sourceMap, { cfis: [], selectors: [] })).toBeNull();
  });

  it('places table cells, footnote asides and the inline image of a paragraph at their own nodes', () => {
    const out = render([
      node(
        'table',
        {},
        node('tableRow', {}, node('tableCell', {}, p(t('x'))), node('tableCell', {}, p(t('y')))),
      ),
      p(t('a'), node('footnote', { note: 'n' })),
      p(node('image', { mediaId: 'm1' })),
    ]);
    // table 0 > row 1 > cell 2 (p 3, "x", 6 end) > cell 7 (p 8) … table ends at 13.
    expect(positionAtSelector(out.sourceMap, 'td:nth-child(2)')).toBe(7);
    // paragraph 14: "a" at 15, footnote 16.
    expect(positionAtSelector(out.sourceMap, 'aside.footnote p')).toBe(16);
    expect(positionAtSelector(out.sourceMap, 'a.noteref')).toBe(16);
    // paragraph 18 holding only an image (19): the figure is the image's.
    expect(positionAtSelector(out.sourceMap, 'figure > img')).toBe(19);
  });
});
