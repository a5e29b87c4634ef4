import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';

/**
 * Builds chapter Y.Docs in the shape TipTap + y-prosemirror write them (elements named after nodes,
 * attrs as attributes, text as Y.XmlText with marks as formatting attributes). For tests and the
 * benchmark; the exporter itself only reads.
 */
export type NodeSpec = {
  type: string;
  attrs?: Record<string, string | number | boolean | null>;
  content?: Spec[];
};
export type TextSpec = { text: string; marks?: Record<string, Record<string, unknown>> };
export type Spec = NodeSpec | TextSpec;

export function manuscriptDoc(blocks: Spec[]): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => fill(doc.getXmlFragment(DocRoots.text), blocks));
  return doc;
}

function fill(parent: Y.XmlFragment | Y.XmlElement, specs: Spec[]): void {
  let text: Y.XmlText | null = null;
  for (const spec of specs) {
    if ('text' in spec) {
      if (!text) {
        text = new Y.XmlText();
        parent.insert(parent.length, [text]);
      }
      text.insert(text.length, spec.text, spec.marks ?? {});
      continue;
    }
    text = null;
    const element = new Y.XmlElement(spec.type);
    parent.insert(parent.length, [element]);
    for (const [name, value] of Object.entries(spec.attrs ?? {})) {
      // y-prosemirror stores attrs with their JSON values (numbers stay numbers).
      element.setAttribute(name, value as unknown as string);
    }
    fill(element, spec.content ?? []);
  }
}

// Small constructors so fixtures read like the document they describe.
export const t = (text: string, marks?: TextSpec['marks']): TextSpec => (marks ? { text, marks } : { text });
export const p = (...content: Spec[]): NodeSpec => ({ type: 'paragraph', content });
export const h = (level: number, text: string, id?: string): NodeSpec => ({
  type: 'heading',
  attrs: id ? { level, id } : { level },
  content: [t(text)],
});
export const node = (type: string, attrs: NodeSpec['attrs'] = {}, ...content: Spec[]): NodeSpec => ({
  type,
  attrs,
  content,
});
