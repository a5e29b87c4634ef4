import type { ProseMirrorJson } from '@galley/shared/api/versions';
import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';

/**
 * A chapter's text as ProseMirror JSON, read from the Y.XmlFragment the way y-prosemirror wrote it
 * (elements are nodes, XmlText deltas are text nodes whose attributes are marks), so the client can
 * show a version read-only in TipTap without the server loading ProseMirror.
 */
export function chapterToProseMirrorJson(doc: Y.Doc): ProseMirrorJson {
  return { type: 'doc', content: childrenOf(doc.getXmlFragment(DocRoots.text)) };
}

function childrenOf(parent: Y.XmlFragment | Y.XmlElement): ProseMirrorJson[] {
  return parent.toArray().flatMap(nodeToProseMirrorJson);
}

/** One child of a fragment or element as ProseMirror JSON (a text child may be several text nodes). */
export function nodeToProseMirrorJson(child: Y.XmlElement | Y.XmlText | Y.XmlHook): ProseMirrorJson[] {
  if (child instanceof Y.XmlText) return textNodes(child);
  if (child instanceof Y.XmlElement) return [elementNode(child)];
  return [];
}

function elementNode(element: Y.XmlElement): ProseMirrorJson {
  const node: ProseMirrorJson = { type: element.nodeName };
  const attrs = element.getAttributes();
  if (Object.keys(attrs).length > 0) node.attrs = attrs;
  const content = childrenOf(element);
  if (content.length > 0) node.content = content;
  return node;
}

function textNodes(text: Y.XmlText): ProseMirrorJson[] {
  const nodes: ProseMirrorJson[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
    const node: ProseMirrorJson = { type: 'text', text: op.insert };
    const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) =>
      attrs && typeof attrs === 'object' && Object.keys(attrs).length > 0
        ? { type, attrs: attrs as Record<string, unknown> }
        : { type },
    );
    if (marks.length > 0) node.marks = marks;
    nodes.push(node);
  }
  return nodes;
}
