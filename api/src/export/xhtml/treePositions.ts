import { isAtom } from '../../validation/manuscriptWalker.ts';
import type { TreeChild, TreeNode } from './manuscriptTree.ts';

/**
 * The ProseMirror position just before each node of a chapter tree, counted as the validator's walk
 * counts them (an element's opening and closing tokens 1 each, a character 1, an empty atom 1), so an
 * export finding and a validation problem on the same node name the same position.
 */
export function treePositions(tree: TreeNode): Map<TreeNode, number> {
  const positions = new Map<TreeNode, number>();
  walk(tree.content, 0, positions);
  return positions;
}

/** Places the children starting at `start`; returns the position after them. */
function walk(children: TreeChild[], start: number, positions: Map<TreeNode, number>): number {
  let position = start;
  for (const child of children) {
    if (child.kind === 'text') {
      position += child.text.length;
      continue;
    }
    positions.set(child, position);
    const end = walk(child.content, position + 1, positions);
    position = child.content.length === 0 && isAtom(child.type) ? position + 1 : end + 1;
  }
  return position;
}
