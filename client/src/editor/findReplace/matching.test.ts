import { EditorState } from '@tiptap/pm/state';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manuscriptSchema } from '../comments/commentTestKit.ts';
import { describeMatches, type FindQuery, findMatches, matchIndexFrom } from './matching.ts';
import { replaceMatches } from './replacing.ts';

const schema = manuscriptSchema();

type Run = { text: string; marks?: string[] } | { hardBreak: true } | { footnote: string };

function paragraph(...runs: (Run | string)[]) {
  return {
    type: 'paragraph',
    content: runs.map((run) => {
      if (typeof run === 'string') return { type: 'text', text: run };
      if ('hardBreak' in run) return { type: 'hardBreak' };
      if ('footnote' in run) return { type: 'footnote', attrs: { id: 'fn1', note: run.footnote } };
      return { type: 'text', text: run.text, marks: (run.marks ?? []).map((type) => ({ type })) };
    }),
  };
}

const docOf = (...blocks: unknown[]) => schema.nodeFromJSON({ type: 'doc', content: blocks });
const query = (text: string, options: Partial<FindQuery> = {}): FindQuery => ({
  text,
  caseSensitive: false,
  wholeWord: false,
  ...options,
});
const texts = (doc: ReturnType<typeof docOf>, q: FindQuery) =>
  findMatches(doc, q).matches.map((m) => doc.textBetween(m.from, m.to));

describe('findMatches', () => {
  it('matches across text with different marks inside one block', () => {
    const doc = docOf(paragraph('Say hel', { text: 'lo', marks: ['bold'] }, ' there'));
    const [match] = findMatches(doc, query('hello')).matches;
    expect(match).toEqual({ from: 5, to: 10 });
    expect(doc.textBetween(match!.from, match!.to)).toBe('hello');
  });

  it('ignores case unless asked, and finds whole words only when asked', () => {
    const doc = docOf(paragraph('The theme of the Thesis: the end.'));
    expect(texts(doc, query('the'))).toEqual(['The', 'the', 'the', 'The', 'the']);
    expect(texts(doc, query('the', { caseSensitive: true }))).toEqual(['the', 'the', 'the']);
    expect(texts(doc, query('the', { wholeWord: true }))).toEqual(['The', 'the', 'the']);
    expect(texts(doc, query('The', { wholeWord: true, caseSensitive: true }))).toEqual(['The']);
  });

  it('treats accented letters as word characters and regex characters as plain text', () => {
    const doc = docOf(paragraph('café cafés (a+b)* a+b'));
    expect(texts(doc, query('café', { wholeWord: true }))).toEqual(['café']);
    expect(texts(doc, query('(a+b)*'))).toEqual(['(a+b)*']);
    expect(texts(doc, query('a+b'))).toEqual(['a+b', 'a+b']);
  });

  it('never runs across two blocks, a hard break or a footnote marker', () => {
    const doc = docOf(
      paragraph('one two'),
      paragraph('three'),
      paragraph('four', { hardBreak: true }, 'five'),
      paragraph('six', { footnote: 'A note' }, 'seven'),
    );
    expect(texts(doc, query('twothree'))).toEqual([]);
    expect(texts(doc, query('fourfive'))).toEqual([]);
    expect(texts(doc, query('sixseven'))).toEqual([]);
    expect(texts(doc, query('\uFFFC'))).toEqual([]);
    expect(texts(doc, query('five'))).toEqual(['five']);
  });

  it('finds in headings, list items and table cells, in document order', () => {
    const doc = docOf(
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Salt' }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('salt water')] }] },
      {
        type: 'table',
        content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph('Salt road')] }] }],
      },
    );
    const found = findMatches(doc, query('salt')).matches;
    expect(found.map((m) => doc.textBetween(m.from, m.to))).toEqual(['Salt', 'salt', 'Salt']);
    expect(found.map((m) => m.from)).toEqual([...found.map((m) => m.from)].sort((a, b) => a - b));
  });

  it('stops at the limit and says there are more', () => {
    const doc = docOf(paragraph('a'.repeat(20)));
    const limited = findMatches(doc, query('a'), 5);
    expect(limited.matches).toHaveLength(5);
    expect(limited.truncated).toBe(true);
    expect(describeMatches(limited, 0)).toBe('1 of 5+');
    expect(describeMatches(findMatches(doc, query('b')), -1)).toBe('No results');
    expect(findMatches(doc, query('')).matches).toEqual([]);
  });

  it('starts at the first match at or after a position, wrapping round', () => {
    const matches = [
      { from: 3, to: 5 },
      { from: 10, to: 12 },
    ];
    expect(matchIndexFrom(matches, 0)).toBe(0);
    expect(matchIndexFrom(matches, 4)).toBe(1);
    expect(matchIndexFrom(matches, 11)).toBe(0);
    expect(matchIndexFrom([], 0)).toBe(-1);
  });
});

describe('replaceMatches', () => {
  const replaceAll = (doc: ReturnType<typeof docOf>, q: FindQuery, replacement: string) => {
    const state = EditorState.create({ schema, doc });
    const tr = replaceMatches(state.tr, findMatches(doc, q, Number.POSITIVE_INFINITY).matches, replacement);
    return { doc: tr.doc, steps: tr.steps.length };
  };

  it('takes the marks of the text the match starts in, and leaves the rest of the text as it was', () => {
    const doc = docOf(
      paragraph('Say hel', { text: 'lo', marks: ['bold'] }, ' and ', { text: 'hello', marks: ['italic'] }),
    );
    const replaced = replaceAll(doc, query('hello'), 'bye').doc;
    expect(replaced.toJSON().content[0].content).toEqual([
      { type: 'text', text: 'Say bye and ' },
      { type: 'text', text: 'bye', marks: [{ type: 'italic' }] },
    ]);
  });

  it('keeps a link around a replaced word, and deletes when the replacement is empty', () => {
    const link = { type: 'link', attrs: { href: 'https://example.org' } };
    const doc = schema.nodeFromJSON({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'See the map', marks: [link] },
            { type: 'text', text: ' now' },
          ],
        },
      ],
    });
    const swapped = replaceAll(doc, query('map'), 'chart').doc;
    expect(swapped.firstChild!.firstChild!.text).toBe('See the chart');
    expect(swapped.firstChild!.firstChild!.marks.map((m) => m.type.name)).toEqual(['link']);
    expect(replaceAll(doc, query('the '), '').doc.textContent).toBe('See map now');
  });
});

// Documents of short paragraphs over a small alphabet, so needles occur often.
const runArb = fc.record({
  text: fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ' ', 'x'), minLength: 1, maxLength: 8 }),
  marks: fc.subarray(['bold', 'italic']),
});
const docArb = (runsPerParagraph: number) =>
  fc
    .array(fc.array(runArb, { maxLength: runsPerParagraph }), { minLength: 1, maxLength: 4 })
    .map((paragraphs) => docOf(...paragraphs.map((runs) => paragraph(...runs))));
const needleArb = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B'), minLength: 1, maxLength: 3 });
const optionsArb = fc.record({ caseSensitive: fc.boolean(), wholeWord: fc.boolean() });

describe('find and replace properties', () => {
  it('every match reads as the needle', () => {
    fc.assert(
      fc.property(docArb(4), needleArb, optionsArb, (doc, needle, options) => {
        for (const text of texts(doc, { text: needle, ...options })) {
          if (options.caseSensitive) expect(text).toBe(needle);
          else expect(text.toLowerCase()).toBe(needle.toLowerCase());
        }
      }),
    );
  });

  it('replacing every X by X leaves the text unchanged, and the document when marks do not change inside a block', () => {
    fc.assert(
      fc.property(docArb(4), docArb(1), needleArb, optionsArb, (mixed, uniform, needle, options) => {
        const q = { text: needle, ...options, caseSensitive: true };
        const before = mixed.textContent;
        expect(replaceAll(mixed, q, needle).doc.textContent).toBe(before);
        expect(replaceAll(uniform, q, needle).doc.eq(uniform)).toBe(true);
      }),
    );
  });

  it('after replacing all with text sharing no letter with the needle, no match remains', () => {
    const replacementArb = fc.string({ unit: fc.constantFrom('x', 'y', ' '), minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(docArb(4), needleArb, replacementArb, fc.boolean(), (doc, needle, replacement, cs) => {
        const q = query(needle, { caseSensitive: cs });
        expect(findMatches(replaceAll(doc, q, replacement).doc, q).matches).toEqual([]);
      }),
    );
  });

  function replaceAll(doc: ReturnType<typeof docOf>, q: FindQuery, replacement: string) {
    const state = EditorState.create({ schema, doc });
    return {
      doc: replaceMatches(state.tr, findMatches(doc, q, Number.POSITIVE_INFINITY).matches, replacement).doc,
    };
  }
});
