import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';
import type { TreeChild, TreeNode } from '../export/xhtml/manuscriptTree.ts';

/**
 * A chapter's blocks as one Yjs update, laid out the way y-prosemirror lays out what TipTap writes
 * (the inverse of manuscriptTree.ts's readManuscript): an element per node with its attrs, and one
 * XmlText per stretch of text whose formatting attributes are the marks (`{ bold: {} }`). `clientId` is
 * the Yjs client every item was written with, so the importer can be recorded as their author.
 */
export function manuscriptUpdate(blocks: TreeNode[]): { update: Uint8Array; clientId: number } {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DocRoots.text);
  doc.transact(() => {
    fragment.insert(0, blocks.map(toElement));
  });
  const update = Y.encodeStateAsUpdate(doc);
  const clientId = doc.clientID;
  doc.destroy();
  return { update, clientId };
}

function toElement(treeNode: TreeNode): Y.XmlElement {
  const element = new Y.XmlElement(treeNode.type);
  for (const [name, value] of Object.entries(treeNode.attrs)) {
    // y-prosemirror leaves null attrs out; the editor fills in its defaults.
    if (value !== null && value !== undefined) element.setAttribute(name, value as string);
  }
  element.insert(0, toChildren(treeNode.content));
  return element;
}

/** Consecutive text runs share one XmlText, as y-prosemirror stores a node's text between atoms. */
function toChildren(content: TreeChild[]): (Y.XmlElement | Y.XmlText)[] {
  const children: (Y.XmlElement | Y.XmlText)[] = [];
  let text: Y.XmlText | null = null;
  let length = 0;
  for (const child of content) {
    if (child.kind === 'node') {
      children.push(toElement(child));
      text = null;
      continue;
    }
    if (!text) {
      text = new Y.XmlText();
      length = 0;
      children.push(text);
    }
    const marks = Object.fromEntries(child.marks.map((mark) => [mark.type, mark.attrs]));
    text.insert(length, child.text, marks);
    length += child.text.length;
  }
  return children;
}
