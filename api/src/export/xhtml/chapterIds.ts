import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { safeId } from './escape.ts';
import type { TreeNode } from './manuscriptTree.ts';

/**
 * The XHTML id of every heading and footnote in a chapter, decided once so the renderer, the table of
 * contents and the book-wide anchor map (links between chapters) agree. Author ids are kept (made
 * safe); nodes without one get a generated id; duplicates get a suffix, since an XML document may
 * hold each id once.
 */
export function assignChapterIds(tree: TreeNode): Map<TreeNode, string> {
  const ids = new Map<TreeNode, string>();
  const used = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  let headings = 0;
  let notes = 0;
  const visit = (node: TreeNode) => {
    if (node.type === ManuscriptNodes.heading) {
      headings += 1;
      ids.set(node, unique(authorId(node) ? safeId(authorId(node)!, 'h') : `h-${headings}`));
    } else if (node.type === ManuscriptNodes.footnote) {
      notes += 1;
      ids.set(node, unique(`fn-${authorId(node) ? safeId(authorId(node)!) : notes}`));
    }
    for (const child of node.content) if (child.kind === 'node') visit(child);
  };
  visit(tree);
  return ids;
}

export function authorId(node: TreeNode): string | null {
  const id = node.attrs.id;
  return typeof id === 'string' && id.trim() !== '' ? id : null;
}

/** Author id → `file#fragment` for every heading and footnote that has an author id. */
export function collectAnchors(
  ids: ReadonlyMap<TreeNode, string>,
  file: string,
  into: Map<string, string>,
): void {
  for (const [node, outId] of ids) {
    const id = authorId(node);
    if (id && !into.has(id)) into.set(id, `${file}#${outId}`);
  }
}
