import { plainText, type TextPoint, textRoot } from '@galley/shared/manuscript/commentAnchors';
import { createThread, listThreads } from '@galley/shared/manuscript/comments';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { threadEditorRanges } from './commentRanges.ts';
import {
  chapterFromJSON,
  characterPositions,
  editorView,
  manuscriptSchema,
  writeToYDoc,
} from './commentTestKit.ts';
import { anchorForRange, isLeafIn, positionOfPoint, textPointAt, textRuns } from './positions.ts';

const schema = manuscriptSchema();
const isLeaf = isLeafIn(schema);
const author = { id: 'u-ed', name: 'Ed' };
const now = new Date('2026-11-25T10:00:00.000Z');

function plainCharAt(point: TextPoint): string {
  return plainText(point.text).charAt(point.index);
}

// Random manuscripts with every kind of node that changes positions: marks (split text runs in
// ProseMirror but not in Yjs), inline atoms, leaf blocks, nesting, empty paragraphs.
const textArb = fc.record({
  type: fc.constant('text'),
  text: fc.string({ unit: fc.constantFrom('a', 'b', 'é', ' ', '😀'), minLength: 1, maxLength: 6 }),
  marks: fc.constantFrom([], [{ type: 'bold' }], [{ type: 'italic' }, { type: 'bold' }]),
});
const inlineArb = fc.oneof(
  { weight: 4, arbitrary: textArb },
  { weight: 1, arbitrary: fc.constant({ type: 'hardBreak' }) },
  { weight: 1, arbitrary: fc.constant({ type: 'footnote', attrs: { id: 'fn-1', note: 'A note' } }) },
);
const paragraphArb = fc.array(inlineArb, { maxLength: 5 }).map((content) => ({ type: 'paragraph', content }));
const blockArb = fc.oneof(
  { weight: 5, arbitrary: paragraphArb },
  { weight: 1, arbitrary: fc.constant({ type: 'horizontalRule' }) },
  {
    weight: 1,
    arbitrary: paragraphArb.map((paragraph) => ({
      type: 'heading',
      attrs: { level: 2 },
      content: paragraph.content,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(paragraphArb, { minLength: 1, maxLength: 2 })
      .map((content) => ({ type: 'blockquote', content })),
  },
  {
    weight: 1,
    arbitrary: fc.array(paragraphArb, { minLength: 1, maxLength: 3 }).map((items) => ({
      type: 'bulletList',
      content: items.map((p) => ({ type: 'listItem', content: [p] })),
    })),
  },
);
const docArb = fc
  .array(blockArb, { minLength: 1, maxLength: 5 })
  .map((content) => ({ type: 'doc', content }));

describe('editor positions ⇄ Yjs text points', () => {
  it('name the same character in both directions, for every character of any manuscript', () => {
    fc.assert(
      fc.property(docArb, (json) => {
        const { ydoc, pmDoc } = chapterFromJSON(schema, json);
        const runs = textRuns(textRoot(ydoc), isLeaf);
        for (const position of characterPositions(pmDoc)) {
          const character = pmDoc.textBetween(position, position + 1);
          const start = textPointAt(runs, position, 'start')!;
          expect(plainCharAt(start)).toBe(character);
          expect(positionOfPoint(runs, start)).toBe(position);
          const end = textPointAt(runs, position + 1, 'end')!;
          expect(plainCharAt({ text: end.text, index: end.index - 1 })).toBe(character);
          expect(positionOfPoint(runs, end)).toBe(position + 1);
        }
      }),
    );
  });

  it('anchor a range to its first and last character, or refuse a range without text', () => {
    fc.assert(
      fc.property(docArb, fc.nat(), fc.nat(), (json, a, b) => {
        const { ydoc, pmDoc } = chapterFromJSON(schema, json);
        const size = pmDoc.content.size;
        const [from, to] = [a % (size + 1), b % (size + 1)].sort((x, y) => x - y) as [number, number];
        const inside = characterPositions(pmDoc).filter((position) => position >= from && position < to);
        const anchor = anchorForRange(textRoot(ydoc), isLeaf, from, to);
        if (inside.length === 0) {
          expect(anchor).toBeNull();
          return;
        }
        const threadId = createThread(ydoc, {
          anchorFrom: anchor!.from,
          anchorTo: anchor!.to,
          body: 'Hm',
          author,
          members: [],
          now,
        });
        const [range] = threadEditorRanges(ydoc, listThreads(ydoc), isLeaf, size);
        expect(range).toEqual({ id: threadId, from: inside[0], to: inside.at(-1)! + 1, resolved: false });
      }),
    );
  });

  it('keep a thread on its words when the editor inserts text and blocks before it', () => {
    const { ydoc, pmDoc } = chapterFromJSON(schema, {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Call me ' },
            { type: 'text', text: 'Ishmael', marks: [{ type: 'bold' }] },
          ],
        },
      ],
    });
    const from = pmDoc.textContent.indexOf('Ishmael') + 1;
    const anchor = anchorForRange(textRoot(ydoc), isLeaf, from, from + 'Ishmael'.length)!;
    createThread(ydoc, {
      anchorFrom: anchor.from,
      anchorTo: anchor.to,
      body: 'Name?',
      author,
      members: [],
      now,
    });

    const edited = pmDoc.copy(
      pmDoc.content
        .addToStart(schema.node('heading', { level: 1 }, [schema.text('Loomings')]))
        .replaceChild(
          1,
          schema.node('paragraph', null, [
            schema.text('So, call me '),
            schema.text('Ishmael', [schema.marks.bold!.create()]),
          ]),
        ),
    );
    writeToYDoc(ydoc, edited);
    const shown = editorView(ydoc, schema);
    const [range] = threadEditorRanges(ydoc, listThreads(ydoc), isLeaf, shown.content.size);
    expect(shown.textBetween(range!.from, range!.to)).toBe('Ishmael');
  });
});
