import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';

/** A node met while walking a chapter, with its ProseMirror position (what the editor selects). */
export interface WalkedNode {
  name: string;
  attrs: Record<string, unknown>;
  /** Position just before the node in the ProseMirror document. */
  position: number;
  /** Concatenated text inside the node (marks dropped). */
  text: string;
}

export interface WalkedMark {
  name: string;
  attrs: Record<string, unknown>;
  position: number;
}

export interface ChapterWalk {
  /** Every element (block or inline atom), in document order. */
  nodes: WalkedNode[];
  /** Every marked run of text, in document order. */
  marks: WalkedMark[];
  /** All the chapter's text. */
  text: string;
}

/**
 * Reads a chapter's Y.XmlFragment the way y-prosemirror wrote it, counting positions as ProseMirror
 * does (an element's opening and closing tokens count 1 each, a character 1, an inline atom 1), so a
 * problem found here can be selected in the editor without loading ProseMirror on the server.
 */
export function walkChapter(doc: Y.Doc): ChapterWalk {
  const walk: ChapterWalk = { nodes: [], marks: [], text: '' };
  walkChildren(doc.getXmlFragment(DocRoots.text), 0, walk);
  return walk;
}

/** Walks the children of `parent` whose content starts at `start`; returns the position after them. */
function walkChildren(parent: Y.XmlFragment | Y.XmlElement, start: number, walk: ChapterWalk): number {
  let position = start;
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      position = walkText(child, position, walk);
    } else if (child instanceof Y.XmlElement) {
      const node: WalkedNode = { name: child.nodeName, attrs: child.getAttributes(), position, text: '' };
      walk.nodes.push(node);
      const textBefore = walk.text.length;
      const end = walkChildren(child, position + 1, walk);
      node.text = walk.text.slice(textBefore);
      // A leaf element (inline atom such as a footnote, or an image) has no closing token.
      position = child.length === 0 && isAtom(child.nodeName) ? position + 1 : end + 1;
    }
  }
  return position;
}

const ATOMS = new Set<string>([
  ManuscriptNodes.footnote,
  ManuscriptNodes.image,
  ManuscriptNodes.hardBreak,
  ManuscriptNodes.sceneBreak,
]);
/** Nodes ProseMirror counts as one position when empty (leaf atoms); the exporter counts the same way. */
export const isAtom = (name: string): boolean => ATOMS.has(name);

function walkText(text: Y.XmlText, start: number, walk: ChapterWalk): number {
  let position = start;
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (typeof op.insert === 'string') walk.text += op.insert;
    for (const [name, attrs] of Object.entries(op.attributes ?? {})) {
      walk.marks.push({ name, attrs: (attrs ?? {}) as Record<string, unknown>, position });
    }
    position += length;
  }
  return position;
}
