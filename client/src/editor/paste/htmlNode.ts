/**
 * The little of the DOM that paste cleaning reads. A browser's DOM nodes have this shape (the
 * cleaner runs on DOMParser's document), and so do the nodes the unit tests build from fixtures in
 * Node, which has no DOM.
 */
export interface HtmlNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<HtmlNode>;
  getAttribute?(name: string): string | null;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;

export function tagOf(node: HtmlNode): string {
  return node.nodeName.toLowerCase();
}

export function attributeOf(node: HtmlNode, name: string): string | null {
  return node.getAttribute?.(name) ?? null;
}

export function textOf(node: HtmlNode): string {
  if (node.nodeType === TEXT_NODE) return node.nodeValue ?? '';
  let text = '';
  for (const child of Array.from(node.childNodes)) text += textOf(child);
  return text;
}

/** CSS declarations of a style attribute, property names lower-cased: "font-weight:700;x:y". */
export function parseStyle(style: string | null): Map<string, string> {
  const declarations = new Map<string, string>();
  if (!style) return declarations;
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (property) declarations.set(property, value);
  }
  return declarations;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
