import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import type { TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { node } from './importedManuscript.ts';

/** A numbered or bulleted paragraph as Word stores it: flat, with an indent level. */
export interface ListParagraph {
  level: number;
  ordered: boolean;
  paragraph: TreeNode;
}

const listType = (ordered: boolean) => (ordered ? ManuscriptNodes.orderedList : ManuscriptNodes.bulletList);

/**
 * Turns Word's flat list paragraphs into the manuscript's nested lists: a deeper paragraph opens a list
 * inside the previous item, a shallower one closes lists back to its level, and a change between
 * bullets and numbers at one level starts a new list there. A first item deeper than 0 is simply
 * nested less: lists never skip levels (an item must hold a paragraph before its sub-list).
 */
export function buildLists(items: ListParagraph[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const open: { level: number; ordered: boolean; list: TreeNode }[] = [];
  for (const item of items) {
    while (open.length && open[open.length - 1]!.level > item.level) open.pop();
    let top = open[open.length - 1];
    if (top && top.level === item.level && top.ordered !== item.ordered) {
      open.pop();
      top = open[open.length - 1];
    }
    if (!top || top.level < item.level) {
      const list = node(listType(item.ordered));
      const parentItem = top?.list.content[top.list.content.length - 1];
      if (parentItem && parentItem.kind === 'node') parentItem.content.push(list);
      else roots.push(list);
      top = { level: item.level, ordered: item.ordered, list };
      open.push(top);
    }
    top.list.content.push(node(ManuscriptNodes.listItem, {}, [item.paragraph]));
  }
  return roots;
}
