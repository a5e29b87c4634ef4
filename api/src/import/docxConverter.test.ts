import { describe, expect, it } from 'vitest';
import { gradientPng } from '../export/sampleImages.ts';
import type { TreeChild, TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { convertDocx } from './docxConverter.ts';
import { buildDocx, footnoteRef, heading, hyperlink, image, para, run, table } from './docxFixtures.ts';

/** A compact view of a tree: nodes as [type, attrs?, ...children], text as 'text' or 'text|mark,mark'. */
function shape(child: TreeChild): unknown {
  if (child.kind === 'text')
    return child.marks.length ? `${child.text}|${child.marks.map((m) => m.type).join(',')}` : child.text;
  const attrs = Object.keys(child.attrs).length ? [child.attrs] : [];
  return [child.type, ...attrs, ...child.content.map(shape)];
}
const shapes = (blocks: TreeNode[]) => blocks.map(shape);

describe('convertDocx: Word to the manuscript shape', () => {
  it('keeps headings at their levels, emphasis as marks and footnotes as footnote atoms', async () => {
    const docx = await buildDocx({
      body: [
        heading(1, 'The Storm'),
        para([
          run('Plain, '),
          run('bold', { b: true }),
          run(', '),
          run('italic', { i: true }),
          run(', '),
          run('under', { u: true }),
          run(', '),
          run('struck', { strike: true }),
          run('.'),
          footnoteRef(1),
        ]),
        heading(3, 'Deep'),
      ],
      footnotes: { 1: 'First seen in 1902.' },
    });
    const { blocks, warnings } = await convertDocx(docx);
    expect(shapes(blocks)).toEqual([
      ['heading', { level: 1 }, 'The Storm'],
      [
        'paragraph',
        'Plain, ',
        'bold|bold',
        ', ',
        'italic|italic',
        ', ',
        'under|underline',
        ', ',
        'struck|strike',
        '.',
        ['footnote', { id: expect.stringMatching(/^fn-[0-9a-f]{8}$/), note: 'First seen in 1902.' }],
      ],
      ['heading', { level: 3 }, 'Deep'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps web links, drops the link (not the text) of anything else', async () => {
    const docx = await buildDocx({
      body: [para([hyperlink('rIdWeb', 'site'), run(' '), hyperlink('rIdJs', 'trap')])],
      links: { rIdWeb: 'https://example.com/a', rIdJs: 'javascript:alert(1)' },
    });
    const [paragraph] = (await convertDocx(docx)).blocks;
    expect(paragraph?.content).toEqual([
      { kind: 'text', text: 'site', marks: [{ type: 'link', attrs: { href: 'https://example.com/a' } }] },
      { kind: 'text', text: ' ', marks: [] },
      { kind: 'text', text: 'trap', marks: [] },
    ]);
  });

  it('turns tables into tables with a header row, and numbered paragraphs into nested lists', async () => {
    const docx = await buildDocx({
      body: [
        table(
          [
            ['Year', 'Keeper'],
            ['1902', 'Elin'],
          ],
          { headerRow: true },
        ),
        para('one', { list: { numId: 1, level: 0 } }),
        para('one.a', { list: { numId: 1, level: 1 } }),
        para('two', { list: { numId: 1, level: 0 } }),
        para('first', { list: { numId: 2, level: 0 } }),
      ],
    });
    const cell = (type: string, text: string) => [type, { colspan: 1, rowspan: 1 }, ['paragraph', text]];
    expect(shapes((await convertDocx(docx)).blocks)).toEqual([
      [
        'table',
        ['tableRow', cell('tableHeader', 'Year'), cell('tableHeader', 'Keeper')],
        ['tableRow', cell('tableCell', '1902'), cell('tableCell', 'Elin')],
      ],
      [
        'bulletList',
        ['listItem', ['paragraph', 'one'], ['bulletList', ['listItem', ['paragraph', 'one.a']]]],
        ['listItem', ['paragraph', 'two']],
      ],
      ['orderedList', ['listItem', ['paragraph', 'first']]],
    ]);
  });

  it('lifts images out of their paragraph with the alt text Word has, and imports those without alt too', async () => {
    const png = gradientPng(30, 20);
    const docx = await buildDocx({
      body: [
        para([run('Before '), image('rIdA', 'A lighthouse at dusk'), run(' after')]),
        para([image('rIdB', null)]),
        // The same picture placed twice is one item in the media library.
        para([image('rIdA', 'Again')]),
      ],
      images: {
        rIdA: { bytes: png, extension: 'png' },
        rIdB: { bytes: gradientPng(8, 8, 3), extension: 'png' },
      },
    });
    const { blocks, images, warnings } = await convertDocx(docx);
    expect(
      images.map(({ alt, width, height, contentType }) => ({ alt, width, height, contentType })),
    ).toEqual([
      { alt: 'A lighthouse at dusk', width: 30, height: 20, contentType: 'image/png' },
      { alt: '', width: 8, height: 8, contentType: 'image/png' },
    ]);
    const [first, second] = images;
    expect(shapes(blocks)).toEqual([
      ['paragraph', 'Before '],
      ['image', { mediaId: first?.mediaId, alt: 'A lighthouse at dusk', caption: null }],
      ['paragraph', ' after'],
      ['image', { mediaId: second?.mediaId, alt: '', caption: null }],
      ['image', { mediaId: first?.mediaId, alt: 'Again', caption: null }],
    ]);
    expect(warnings).toEqual([]);
  });

  it('leaves out images that are not JPEG or PNG, with a warning', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const docx = await buildDocx({
      body: [para([run('Text '), image('rIdG', 'A gif')])],
      images: { rIdG: { bytes: gif, extension: 'gif' } },
    });
    const { blocks, images, warnings } = await convertDocx(docx);
    expect(shapes(blocks)).toEqual([['paragraph', 'Text ']]);
    expect(images).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['image_unsupported']);
  });

  it('drops the empty paragraphs Word uses for spacing', async () => {
    const docx = await buildDocx({ body: [para([]), para('Text'), para([run('   ')])] });
    expect(shapes((await convertDocx(docx)).blocks)).toEqual([['paragraph', 'Text']]);
  });
});
