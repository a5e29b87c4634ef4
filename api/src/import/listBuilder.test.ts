import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText, type TreeChild, type TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { node, textRun } from './importedManuscript.ts';
import { buildLists } from './listBuilder.ts';

const item = (level: number, ordered: boolean, text: string) => ({
  level,
  ordered,
  paragraph: node('paragraph', {}, [textRun(text)]),
});

/** Paragraph texts in document order. */
function paragraphs(children: TreeChild[]): string[] {
  return children.flatMap((child) =>
    child.kind === 'node'
      ? child.type === 'paragraph'
        ? [plainText(child)]
        : paragraphs(child.content)
      : [],
  );
}

/** The editor's schema: lists hold list items; a list item starts with a paragraph, then lists. */
function wellFormed(list: TreeNode): boolean {
  return list.content.every(
    (li) =>
      li.kind === 'node' &&
      li.type === 'listItem' &&
      li.content[0]?.kind === 'node' &&
      li.content[0].type === 'paragraph' &&
      li.content.slice(1).every((c) => c.kind === 'node' && c.type !== 'paragraph' && wellFormed(c)),
  );
}

describe('buildLists', () => {
  it('nests deeper items in the previous item and splits bullets from numbers', () => {
    const lists = buildLists([
      item(0, false, 'a'),
      item(1, false, 'a.1'),
      item(0, false, 'b'),
      item(0, true, 'c'),
    ]);
    expect(lists.map((l) => l.type)).toEqual(['bulletList', 'orderedList']);
    expect(lists[0]?.content[0]?.kind === 'node' && lists[0].content[0].content[1]).toMatchObject({
      type: 'bulletList',
    });
  });

  it('keeps every paragraph once, in order, in well-formed lists, whatever the levels', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ level: fc.integer({ min: 0, max: 8 }), ordered: fc.boolean() }), {
          maxLength: 30,
        }),
        (spec) => {
          const items = spec.map((s, i) => item(s.level, s.ordered, `p${i}`));
          const lists = buildLists(items);
          expect(paragraphs(lists)).toEqual(items.map((_, i) => `p${i}`));
          expect(lists.every(wellFormed)).toBe(true);
        },
      ),
    );
  });
});
