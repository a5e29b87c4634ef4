import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText, type TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { splitIntoChapters } from './chapterSplitter.ts';
import { node, textRun } from './importedManuscript.ts';

const h = (level: number, text: string) => node('heading', { level }, [textRun(text)]);
const p = (text: string) => node('paragraph', {}, [textRun(text)]);
const summary = (blocks: TreeNode[]) =>
  blocks.map((block) =>
    block.type === 'heading' ? `H${block.attrs.level} ${plainText(block)}` : plainText(block),
  );

describe('splitIntoChapters', () => {
  it('starts a chapter at every H1, which becomes its title and its H1', () => {
    const chapters = splitIntoChapters([h(1, 'One'), p('a'), h(2, 'Sec'), h(1, 'Two'), p('b')], 'File');
    expect(chapters.map((c) => ({ title: c.title, blocks: summary(c.blocks) }))).toEqual([
      { title: 'One', blocks: ['H1 One', 'a', 'H2 Sec'] },
      { title: 'Two', blocks: ['H1 Two', 'b'] },
    ]);
  });

  it('splits at the top level the file has (H2 when there is no H1) and clamps deeper ones to H2–H4', () => {
    const chapters = splitIntoChapters([h(2, 'One'), h(3, 'S'), h(5, 'T'), h(6, 'U'), h(2, 'Two')], 'File');
    expect(chapters.map((c) => summary(c.blocks))).toEqual([['H1 One', 'H2 S', 'H4 T', 'H4 U'], ['H1 Two']]);
  });

  it('gives text before the first heading (or a file without headings) a chapter named after the file', () => {
    expect(splitIntoChapters([p('intro'), h(1, 'One')], 'My Novel').map((c) => summary(c.blocks))).toEqual([
      ['H1 My Novel', 'intro'],
      ['H1 One'],
    ]);
    expect(splitIntoChapters([p('only text')], 'Notes').map((c) => c.title)).toEqual(['Notes']);
  });

  it('names an empty heading after the file and cuts long titles to 200 characters', () => {
    const chapters = splitIntoChapters([node('heading', { level: 1 }, []), h(1, 'x'.repeat(300))], 'File');
    expect(chapters.map((c) => c.title.length)).toEqual([4, 200]);
  });

  it('loses no block, keeps their order, and makes one chapter per top heading (+1 for leading text)', () => {
    const block = fc.oneof(
      fc.integer({ min: 1, max: 6 }).map((level) => ({ level })),
      fc.constant({ level: 0 }),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 40 }), (spec) => {
        const blocks = spec.map((s, i) => (s.level ? h(s.level, `h${i}`) : p(`p${i}`)));
        const chapters = splitIntoChapters(blocks, 'File');
        const levels = spec.filter((s) => s.level).map((s) => s.level);
        const top = levels.length ? Math.min(...levels) : null;
        const tops = spec.filter((s) => s.level === top).length;
        const leading = spec.length > 0 && spec[0]?.level !== top ? 1 : 0;
        expect(chapters.length).toBe(tops + leading);
        const texts = chapters.flatMap((c, i) =>
          summary(c.blocks)
            .slice(leading && i === 0 ? 1 : 0)
            .map((s) => s.replace(/^H\d /, '')),
        );
        expect(texts).toEqual(blocks.map((b) => plainText(b)));
        for (const chapter of chapters) {
          const headingLevels = chapter.blocks.filter((b) => b.type === 'heading').map((b) => b.attrs.level);
          expect(headingLevels[0]).toBe(1);
          expect(headingLevels.slice(1).every((l) => Number(l) >= 2 && Number(l) <= 4)).toBe(true);
        }
      }),
    );
  });
});
