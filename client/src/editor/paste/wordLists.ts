import { attributeOf, ELEMENT_NODE, type HtmlNode, parseStyle, tagOf, textOf } from './htmlNode.ts';

/**
 * Word puts lists on the clipboard as paragraphs styled `mso-list:l0 level2 lfo1`, each with its
 * typed marker ("·", "1.", "a)") in a `mso-list:Ignore` span. These helpers turn a run of them back
 * into nested <ul>/<ol>.
 */
export interface WordListItem {
  level: number;
  ordered: boolean;
  /** The item's content, already cleaned (a <p>…</p>). */
  html: string;
}

const MSO_LIST = /\b(l\d+)\s+level(\d+)/;

/** The list and level of a Word list paragraph, or null for anything else. */
export function wordListPosition(node: HtmlNode): { list: string; level: number } | null {
  if (node.nodeType !== ELEMENT_NODE || tagOf(node) !== 'p') return null;
  const match = MSO_LIST.exec(parseStyle(attributeOf(node, 'style')).get('mso-list') ?? '');
  return match ? { list: match[1]!, level: Number(match[2]) } : null;
}

/** The marker Word typed before the item's text ("1.", "·"), from its `mso-list:Ignore` span. */
export function wordListMarker(node: HtmlNode): string {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== ELEMENT_NODE) continue;
    if (parseStyle(attributeOf(child, 'style')).get('mso-list') === 'ignore') return textOf(child).trim();
    const inner = wordListMarker(child);
    if (inner) return inner;
  }
  return '';
}

/** "1.", "(a)", "iv." and "B)" number their items; anything else ("·", "§", "o", "–") is a bullet. */
export function isNumberedMarker(marker: string): boolean {
  return /^\(?(\d+|[a-z]|[ivxlcdm]+)[.)]/i.test(marker);
}

/** Nested lists from Word's flat run of items: a deeper level opens a list inside the item before. */
export function nestWordList(items: readonly WordListItem[]): string {
  let html = '';
  const open: Array<{ tag: 'ul' | 'ol'; level: number }> = [];
  const close = () => {
    html += `</li></${open.pop()!.tag}>`;
  };
  for (const item of items) {
    const tag = item.ordered ? 'ol' : 'ul';
    while (open.length > 0 && open.at(-1)!.level > item.level) close();
    const top = open.at(-1);
    if (top && top.level === item.level && top.tag === tag) {
      html += `</li><li>${item.html}`;
      continue;
    }
    if (top && top.level === item.level) close();
    html += `<${tag}><li>${item.html}`;
    open.push({ tag, level: item.level });
  }
  while (open.length > 0) close();
  return html;
}
