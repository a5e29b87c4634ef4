import { describe, expect, it } from 'vitest';
import { walkChapter } from '../../validation/manuscriptWalker.ts';
import { h, manuscriptDoc, node, p, t } from '../manuscriptFixtures.ts';
import { sampleChapterDocs } from '../sampleBook.ts';
import { readManuscript, type TreeNode } from './manuscriptTree.ts';
import { treePositions } from './treePositions.ts';

/** Every node of the tree with its position, in document order. */
function listed(tree: TreeNode) {
  const positions = treePositions(tree);
  const out: { name: string; position: number | undefined }[] = [];
  const visit = (n: TreeNode) => {
    for (const child of n.content) {
      if (child.kind !== 'node') continue;
      out.push({ name: child.type, position: positions.get(child) });
      visit(child);
    }
  };
  visit(tree);
  return out;
}

describe('treePositions', () => {
  it('counts tokens as ProseMirror does: 1 per open and close, 1 per character, 1 per empty atom', () => {
    const doc = manuscriptDoc([
      h(1, 'Title'),
      p(t('ab'), node('footnote', { note: 'n' }), t('c')),
      node('image', { mediaId: 'm' }),
      p(t('after')),
    ]);
    expect(listed(readManuscript(doc))).toEqual([
      { name: 'heading', position: 0 },
      { name: 'paragraph', position: 7 },
      { name: 'footnote', position: 10 },
      { name: 'image', position: 13 },
      { name: 'paragraph', position: 14 },
    ]);
  });

  it('agrees with the validator on every node of the sample book, so both link to the same place', () => {
    const docs = sampleChapterDocs(['c1', 'c2', 'c3', 'c4', 'c5']);
    for (const doc of docs) {
      const walked = walkChapter(doc).nodes.map((n) => ({ name: n.name, position: n.position }));
      expect(walked.length).toBeGreaterThan(0);
      expect(listed(readManuscript(doc))).toEqual(walked);
    }
  });
});
