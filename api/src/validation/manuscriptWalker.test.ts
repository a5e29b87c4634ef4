import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkChapter } from './manuscriptWalker.ts';
import { manuscriptSchema as schema } from './testManuscript.ts';

const word = fc.stringMatching(/^[a-z ]{1,8}$/);
const inline = fc.oneof(
  word.map((text) => ({ type: 'text', text })),
  word.map((text) => ({ type: 'text', text, marks: [{ type: 'bold' }] })),
  word.map((note) => ({ type: 'footnote', attrs: { note } })),
  fc.constant({ type: 'hardBreak' }),
);
const textBlock = fc.oneof(
  fc.array(inline, { maxLength: 4 }).map((content) => ({ type: 'paragraph', content })),
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.array(inline, { maxLength: 3 }))
    .map(([level, content]) => ({ type: 'heading', attrs: { level }, content })),
);
const block = fc.oneof(
  textBlock,
  textBlock.map((inner) => ({ type: 'blockquote', content: [inner] })),
  fc.constant({ type: 'horizontalRule' }),
  word.map((alt) => ({ type: 'image', attrs: { alt, src: 'x.png' } })),
);
const docJson = fc.array(block, { minLength: 1, maxLength: 6 }).map((content) => ({ type: 'doc', content }));

describe('walking a chapter stored by y-prosemirror', () => {
  it('finds every node at the position ProseMirror gives it, with its text and attributes', () => {
    fc.assert(
      fc.property(docJson, (json) => {
        const pmDoc = schema.nodeFromJSON(json);
        const expected: { name: string; position: number; text: string }[] = [];
        pmDoc.descendants((node, position) => {
          if (!node.isText) expected.push({ name: node.type.name, position, text: node.textContent });
        });
        const walk = walkChapter(prosemirrorJSONToYDoc(schema, json, 'default'));
        expect(walk.nodes.map(({ name, position, text }) => ({ name, position, text }))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('locates marked text where ProseMirror has it', () => {
    const json = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'plain ' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'see ' },
            { type: 'text', text: 'there', marks: [{ type: 'link', attrs: { href: '#n1' } }] },
          ],
        },
      ],
    };
    const walk = walkChapter(prosemirrorJSONToYDoc(schema, json, 'default'));
    const link = walk.marks.find((mark) => mark.name === 'link');
    // "plain " paragraph spans 0..8; the second opens at 8, its text starts at 9, "there" at 13.
    expect(link).toEqual({ name: 'link', attrs: { href: '#n1' }, position: 13 });
    expect(schema.nodeFromJSON(json).textBetween(13, 18)).toBe('there');
    expect(walk.text).toBe('plain see there');
  });
});
