import { describe, expect, it } from 'vitest';
import type { TreeChild } from '../export/xhtml/manuscriptTree.ts';
import { convertMarkdown } from './markdownConverter.ts';

function shape(child: TreeChild): unknown {
  if (child.kind === 'text')
    return child.marks.length ? `${child.text}|${child.marks.map((m) => m.type).join(',')}` : child.text;
  const attrs = Object.keys(child.attrs).length ? [child.attrs] : [];
  return [child.type, ...attrs, ...child.content.map(shape)];
}

describe('convertMarkdown: Markdown to the manuscript shape', () => {
  it('maps headings, emphasis, links, lists, tables, rules and code', () => {
    const source = [
      '# The Storm',
      '',
      'Some **bold**, _italic_, ~~struck~~ and [a link](https://example.com) text',
      'on two lines.  ',
      'After a hard break.',
      '',
      '## Section',
      '',
      '- one',
      '  - nested',
      '1. first',
      '',
      '> quoted',
      '',
      '---',
      '',
      '| A | B |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '```',
      'code',
      '```',
    ].join('\n');
    const { blocks, warnings } = convertMarkdown(source);
    const cell = (type: string, text: string) => [type, { colspan: 1, rowspan: 1 }, ['paragraph', text]];
    expect(blocks.map(shape)).toEqual([
      ['heading', { level: 1 }, 'The Storm'],
      [
        'paragraph',
        'Some ',
        'bold|bold',
        ', ',
        'italic|italic',
        ', ',
        'struck|strike',
        ' and ',
        'a link|link',
        ' text',
        ' ',
        'on two lines.',
        ['hardBreak'],
        'After a hard break.',
      ],
      ['heading', { level: 2 }, 'Section'],
      [
        'bulletList',
        ['listItem', ['paragraph', 'one'], ['bulletList', ['listItem', ['paragraph', 'nested']]]],
      ],
      ['orderedList', ['listItem', ['paragraph', 'first']]],
      ['blockquote', ['paragraph', 'quoted']],
      ['horizontalRule'],
      [
        'table',
        ['tableRow', cell('tableHeader', 'A'), cell('tableHeader', 'B')],
        ['tableRow', cell('tableCell', '1'), cell('tableCell', '2')],
      ],
      ['codeBlock', 'code'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('never links to javascript: and keeps raw HTML as text', () => {
    const { blocks } = convertMarkdown('[x](javascript:alert(1)) <b>hi</b>');
    const runs = blocks[0]?.content ?? [];
    expect(runs.every((run) => run.kind === 'text' && run.marks.length === 0)).toBe(true);
    expect(runs.map((run) => (run.kind === 'text' ? run.text : '')).join('')).toContain('<b>hi</b>');
  });

  it('leaves images out (it would have to fetch them) and says so', () => {
    const { blocks, warnings } = convertMarkdown('Text ![a map](https://example.com/map.png) more');
    expect(blocks.map(shape)).toEqual([['paragraph', 'Text ', ' more']]);
    expect(warnings.map((w) => w.code)).toEqual(['image_not_imported']);
  });

  it('turns [^label] references with a definition into footnotes, wherever the definition is', () => {
    const source = [
      'The light answered[^sea] from the water[^2], and [^none] stays.',
      '',
      '[^sea]: Where no light should',
      '    have been.',
      '[^2]: Second note.',
      '',
      'Next paragraph.',
    ].join('\n');
    const { blocks } = convertMarkdown(source);
    const fn = (note: string) => ['footnote', { id: expect.stringMatching(/^fn-[0-9a-f]{8}$/), note }];
    expect(blocks.map(shape)).toEqual([
      [
        'paragraph',
        'The light answered',
        fn('Where no light should have been.'),
        ' from the water',
        fn('Second note.'),
        ', and [^none] stays.',
      ],
      ['paragraph', 'Next paragraph.'],
    ]);
  });
});
