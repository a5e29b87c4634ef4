import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';

/** A run of text with its marks, in the order y-prosemirror stored them. */
export interface TextRun {
  kind: 'text';
  text: string;
  marks: { type: string; attrs: Record<string, unknown> }[];
}

/** A block or inline node, with its attrs and children. */
export interface TreeNode {
  kind: 'node';
  type: string;
  attrs: Record<string, unknown>;
  content: TreeChild[];
}

export type TreeChild = TreeNode | TextRun;

/**
 * A chapter's manuscript as plain data. The renderer works on this rather than on Yjs types so it
 * stays a pure function of data (and unit tests can build trees without a Y.Doc when that is clearer).
 */
export function readManuscript(doc: Y.Doc): TreeNode {
  return { kind: 'node', type: 'doc', attrs: {}, content: readChildren(doc.getXmlFragment(DocRoots.text)) };
}

function readChildren(parent: Y.XmlFragment | Y.XmlElement): TreeChild[] {
  const children: TreeChild[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) children.push(...readText(child));
    else if (child instanceof Y.XmlElement) {
      children.push({
        kind: 'node',
        type: child.nodeName,
        attrs: child.getAttributes() as Record<string, unknown>,
        content: readChildren(child),
      });
    }
  }
  return children;
}

function readText(text: Y.XmlText): TextRun[] {
  const runs: TextRun[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    // y-prosemirror only inserts strings into XmlText; anything else is not ours to render.
    if (typeof op.insert !== 'string' || op.insert === '') continue;
    const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) => ({
      // Overlapping marks of one type are stored as `<type>--<hash>` by y-prosemirror.
      type: type.split('--')[0]!,
      attrs: attrs !== null && typeof attrs === 'object' ? (attrs as Record<string, unknown>) : {},
    }));
    runs.push({ kind: 'text', text: op.insert, marks });
  }
  return runs;
}

/** All the text inside a node, marks dropped (for titles, toc entries, alt checks). */
export function plainText(node: TreeChild): string {
  if (node.kind === 'text') return node.text;
  if (node.type === 'hardBreak') return ' ';
  return node.content.map(plainText).join('');
}
