/**
 * Which manuscript node each element of a chapter document came from, so a checker's finding (an
 * EPUBCheck line and column, an Ace CFI or CSS selector) can be turned into the ProseMirror position
 * the editor selects. The map stays with the build; nothing of it is written into the EPUB.
 *
 * While a chapter renders, the renderer puts a source mark (`sourceMark(position)`) just before the
 * start tag of each element made from a node. `readSourceMarks` takes the marks out again and, in the
 * same pass, reads the element tree of the document. The marks are C0 control characters: XML forbids
 * them, so escaping drops them from every manuscript string and a mark can only be one the renderer
 * wrote. The tokenizer only has to read our own output, which is well-formed, has no comments or
 * CDATA, and escapes `<` and `>` in text and attributes.
 */

/** One element of a chapter document, where it is in the file and which node it came from. */
export interface SourceElement {
  name: string;
  attrs: Record<string, string>;
  /** Index of the parent element in `elements`; -1 for the root. */
  parent: number;
  /** Indexes of the child elements, in order. */
  children: number[];
  /** 1-based line and column of the `<` that starts the element. */
  line: number;
  column: number;
  /** 1-based line of the element's end (its end tag, or the start tag when it is empty). */
  endLine: number;
  /** ProseMirror position of the node the element came from, or of the nearest ancestor's node. */
  position: number | null;
}

export interface ChapterSourceMap {
  /** Every element in document order; the root element (`html`) is the first. */
  elements: SourceElement[];
}

const MARK_START = '\u0001';
const MARK_END = '\u0002';

/** The mark that ties the next element written to the node at `position`. */
export function sourceMark(position: number | undefined): string {
  return position === undefined ? '' : `${MARK_START}${position}${MARK_END}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the marks are control characters on purpose (see above)
const TOKEN = /\u0001(\d+)\u0002|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)="([^"]*)"/g;

/** The document without its marks, and the map of its elements to manuscript positions. */
export function readSourceMarks(marked: string): { xhtml: string; map: ChapterSourceMap } {
  const elements: SourceElement[] = [];
  const open: number[] = [];
  let out = '';
  let line = 1;
  let lineStart = 0;
  let pending: number | null = null;
  let from = 0;
  const append = (text: string) => {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      line += 1;
      lineStart = out.length + i + 1;
    }
    out += text;
  };
  for (const match of marked.matchAll(TOKEN)) {
    append(marked.slice(from, match.index));
    from = match.index + match[0].length;
    if (match[1] !== undefined) {
      pending = Number(match[1]);
      continue;
    }
    const [token, , closing, name, attrText, selfClosing] = match;
    if (closing) {
      const index = open.pop();
      if (index !== undefined) elements[index]!.endLine = line;
      append(token);
      continue;
    }
    const parent = open.at(-1) ?? -1;
    const element: SourceElement = {
      name: name!,
      attrs: Object.fromEntries([...attrText!.matchAll(ATTR)].map((a) => [a[1]!, a[2]!])),
      parent,
      children: [],
      line,
      column: out.length - lineStart + 1,
      endLine: line,
      position: pending ?? (parent === -1 ? null : elements[parent]!.position),
    };
    pending = null;
    const index = elements.push(element) - 1;
    if (parent !== -1) elements[parent]!.children.push(index);
    if (!selfClosing) open.push(index);
    append(token);
  }
  append(marked.slice(from));
  return { xhtml: out, map: { elements } };
}
