import { describe, expect, it } from 'vitest';
import { chapterDoc, h, p, text } from '../validation/testManuscript.ts';
import { chapterPlainText } from './chapterText.ts';

describe('chapterPlainText', () => {
  it('reads each block as a line, with footnotes and image descriptions after the text', () => {
    const doc = chapterDoc(
      h(1, 'The Harbour'),
      p('Ships came ', text('in', { type: 'bold' }), ' at dawn.', {
        type: 'footnote',
        attrs: { note: 'Dawn was at five.', id: 'fn1' },
      }),
      { type: 'image', attrs: { alt: 'A gull on a mast', src: 'x' } },
      { type: 'bulletList', content: [{ type: 'listItem', content: [p('Rope')] }] },
      p('Then', { type: 'hardBreak' }, 'night.'),
    );
    expect(chapterPlainText(doc).split('\n')).toEqual([
      'The Harbour',
      'Ships came in at dawn.',
      'Rope',
      'Then night.',
      'Dawn was at five.',
      'A gull on a mast',
    ]);
  });

  it('is empty for an empty chapter', () => {
    expect(chapterPlainText(chapterDoc())).toBe('');
  });
});
