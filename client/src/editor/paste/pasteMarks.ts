import { escapeHtml } from './htmlNode.ts';

/** The marks of our schema that pasted text can carry (other styling has no meaning in a manuscript). */
export interface PasteMarks {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  smallCaps: boolean;
  /** A safe link target, or null. */
  href: string | null;
}

export const NO_MARKS: PasteMarks = {
  bold: false,
  italic: false,
  underline: false,
  strike: false,
  smallCaps: false,
  href: null,
};

const TAG_MARKS: Record<string, Partial<PasteMarks>> = {
  b: { bold: true },
  strong: { bold: true },
  i: { italic: true },
  em: { italic: true },
  u: { underline: true },
  ins: { underline: true },
  s: { strike: true },
  strike: { strike: true },
  del: { strike: true },
};

/** Only addresses a reader can follow; Word's bookmarks (#_Toc…) and file:// paths lead nowhere here. */
export function safeHref(href: string | null): string | null {
  const value = href?.trim() ?? '';
  return /^(https?:|mailto:)/i.test(value) ? value : null;
}

function isBoldWeight(value: string): boolean {
  if (value === 'bold' || value === 'bolder') return true;
  const number = Number.parseInt(value, 10);
  return Number.isFinite(number) && number >= 600;
}

/**
 * The marks inside an element: what its tag says, then what its style says, which wins. Google Docs
 * wraps everything in `<b style="font-weight:normal">` and marks real emphasis with styled spans;
 * Word writes `<b>`, `<i>` and styles like `font-style:italic` on spans.
 */
export function marksInside(
  parent: PasteMarks,
  tag: string,
  style: Map<string, string>,
  href: string | null,
): PasteMarks {
  const marks: PasteMarks = { ...parent, ...TAG_MARKS[tag] };
  if (tag === 'a') marks.href = safeHref(href) ?? parent.href;
  const weight = style.get('font-weight');
  if (weight !== undefined) marks.bold = isBoldWeight(weight);
  const fontStyle = style.get('font-style');
  if (fontStyle !== undefined) marks.italic = /italic|oblique/.test(fontStyle);
  const decoration = style.get('text-decoration-line') ?? style.get('text-decoration');
  if (decoration !== undefined) {
    marks.underline = decoration.includes('underline');
    marks.strike = decoration.includes('line-through');
  }
  const variant = style.get('font-variant-caps') ?? style.get('font-variant');
  if (variant !== undefined) marks.smallCaps = variant.includes('small-caps');
  return marks;
}

/**
 * Text wrapped in the tags our schema reads for its marks. Underline is left off links: Word and
 * Google Docs underline every link as its look, not as emphasis.
 */
export function markedText(text: string, marks: PasteMarks): string {
  let html = escapeHtml(text);
  if (marks.smallCaps) html = `<span class="small-caps">${html}</span>`;
  if (marks.strike) html = `<s>${html}</s>`;
  if (marks.underline && !marks.href) html = `<u>${html}</u>`;
  if (marks.italic) html = `<em>${html}</em>`;
  if (marks.bold) html = `<strong>${html}</strong>`;
  if (marks.href) html = `<a href="${escapeHtml(marks.href)}">${html}</a>`;
  return html;
}
