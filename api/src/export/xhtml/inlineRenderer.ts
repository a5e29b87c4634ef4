import { CHAPTER_LINK_PREFIX, ManuscriptMarks, ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { escapeAttr, escapeText } from './escape.ts';
import { plainText, type TextRun, type TreeChild, type TreeNode } from './manuscriptTree.ts';
import type { ChapterRenderState } from './renderContext.ts';
import { sourceMark } from './sourceMap.ts';

/** Marks in nesting order, outermost first; each wraps the text in one element. */
const MARK_TAGS: [string, string, string][] = [
  [ManuscriptMarks.bold, '<strong>', '</strong>'],
  [ManuscriptMarks.italic, '<em>', '</em>'],
  [ManuscriptMarks.underline, '<span class="underline">', '</span>'],
  [ManuscriptMarks.strike, '<s>', '</s>'],
  [ManuscriptMarks.smallCaps, '<span class="small-caps">', '</span>'],
  [ManuscriptMarks.superscript, '<sup>', '</sup>'],
  [ManuscriptMarks.subscript, '<sub>', '</sub>'],
  [ManuscriptMarks.code, '<code>', '</code>'],
];

const EXTERNAL_SCHEMES = /^(https?:\/\/|mailto:)/i;

/**
 * Inline content (text runs, footnote atoms, hard breaks, inline images) as XHTML. Consecutive runs
 * under the same link become one `<a>`, so a link with bold in the middle is still one link.
 */
export function renderInline(children: TreeChild[], state: ChapterRenderState): string {
  let html = '';
  let i = 0;
  while (i < children.length) {
    const href = linkOf(children[i]!);
    if (href === null) {
      html += renderInlineItem(children[i]!, state);
      i += 1;
      continue;
    }
    let inner = '';
    while (i < children.length && linkOf(children[i]!) === href) {
      inner += renderInlineItem(children[i]!, state);
      i += 1;
    }
    html += wrapLink(href, inner, state);
  }
  return html;
}

function linkOf(child: TreeChild): string | null {
  if (child.kind !== 'text') return null;
  const link = child.marks.find((m) => m.type === ManuscriptMarks.link);
  const href = link?.attrs.href;
  return typeof href === 'string' ? href : null;
}

function renderInlineItem(child: TreeChild, state: ChapterRenderState): string {
  if (child.kind === 'text') return renderRun(child);
  return renderInlineNode(child, state);
}

function renderRun(run: TextRun): string {
  const present = new Set(run.marks.map((m) => m.type));
  let html = escapeText(run.text);
  for (const [mark, open, close] of [...MARK_TAGS].reverse()) {
    if (present.has(mark)) html = `${open}${html}${close}`;
  }
  return html;
}

function wrapLink(href: string, inner: string, state: ChapterRenderState): string {
  const target = resolveHref(href, state);
  if (target === null) return inner;
  const external = EXTERNAL_SCHEMES.test(target);
  return `<a href="${escapeAttr(target)}"${external ? ' class="external"' : ''}>${inner}</a>`;
}

/** Where a manuscript link points inside the EPUB, or null (and a reported problem) when nowhere. */
export function resolveHref(href: string, state: ChapterRenderState): string | null {
  const trimmed = href.trim();
  if (trimmed.startsWith(CHAPTER_LINK_PREFIX)) {
    const file = state.book.chapterFiles.get(trimmed.slice(CHAPTER_LINK_PREFIX.length));
    if (file) return file;
    return brokenLink(state, href);
  }
  if (trimmed.startsWith('#')) {
    const anchor = state.book.anchors.get(trimmed.slice(1));
    if (!anchor) return brokenLink(state, href);
    return anchor.startsWith(`${state.file}#`) ? anchor.slice(state.file.length) : anchor;
  }
  if (EXTERNAL_SCHEMES.test(trimmed)) {
    try {
      return new URL(trimmed).href;
    } catch {
      // fall through: not a URL a reading system could open
    }
  }
  state.problems.push({
    code: 'unsafe_link',
    message: `A link to "${href.slice(0, 200)}" was dropped: only http(s), mailto, chapter and in-book links are exported.`,
    chapterId: state.chapterId,
  });
  return null;
}

function brokenLink(state: ChapterRenderState, href: string): null {
  state.problems.push({
    code: 'broken_link',
    message: `A link to "${href.slice(0, 200)}" points at nothing in the book; its text is kept without the link.`,
    chapterId: state.chapterId,
  });
  return null;
}

function renderInlineNode(node: TreeNode, state: ChapterRenderState): string {
  switch (node.type) {
    case ManuscriptNodes.hardBreak:
      return '<br/>';
    case ManuscriptNodes.footnote:
      return renderNoteRef(node, state);
    case ManuscriptNodes.image:
      return renderImage(node, state, false);
    default:
      return renderInline(node.content, state);
  }
}

/**
 * A footnote reference. EPUB 3 reading systems (Apple Books, Kobo, Thorium) show the `aside` it
 * points to as a pop-up; `doc-noteref`/`doc-footnote` give assistive technology the same relation.
 */
function renderNoteRef(node: TreeNode, state: ChapterRenderState): string {
  const id = state.ids.get(node)!;
  const number = state.notes.length + 1;
  const refId = `ref-${id}`;
  const note = typeof node.attrs.note === 'string' ? node.attrs.note : plainText(node);
  const position = state.positions.get(node);
  state.notes.push({ id, refId, number, text: note, position });
  return `${sourceMark(position)}<a id="${refId}" class="noteref" href="#${id}" epub:type="noteref" role="doc-noteref">${number}</a>`;
}

/**
 * An image. Block images become figures (with figcaption when there is a caption or credit); an image
 * without alt text is written WITHOUT an alt attribute rather than with alt="" — that would declare
 * it decorative, which the exporter cannot know — so the checkers flag it honestly.
 */
export function renderImage(node: TreeNode, state: ChapterRenderState, block: boolean): string {
  const mediaId = typeof node.attrs.mediaId === 'string' ? node.attrs.mediaId : '';
  const image = state.book.images.get(mediaId);
  if (!image) {
    state.problems.push({
      code: 'missing_image',
      message: `An image (media "${mediaId.slice(0, 100)}") is not in the book's media library and was left out.`,
      chapterId: state.chapterId,
    });
    return '';
  }
  state.stats.images += 1;
  const alt = typeof node.attrs.alt === 'string' ? node.attrs.alt.trim() : '';
  if (!alt) {
    state.stats.imagesWithoutAlt += 1;
    state.problems.push({
      code: 'image_without_alt',
      message: 'An image has no alternative text.',
      chapterId: state.chapterId,
    });
  }
  const mark = sourceMark(state.positions.get(node));
  const img = `<img src="${escapeAttr(image.href)}"${alt ? ` alt="${escapeAttr(alt)}"` : ''} width="${image.width}" height="${image.height}"/>`;
  if (!block) return mark + img;
  const caption = textAttr(node, 'caption');
  const credit = textAttr(node, 'credit');
  const captionHtml =
    caption || credit
      ? `<figcaption>${escapeText(caption)}${credit ? `${caption ? ' ' : ''}<span class="credit">${escapeText(credit)}</span>` : ''}</figcaption>`
      : '';
  return `${mark}<figure class="image">${img}${captionHtml}</figure>`;
}

function textAttr(node: TreeNode, name: string): string {
  const value = node.attrs[name];
  return typeof value === 'string' ? value.trim() : '';
}
