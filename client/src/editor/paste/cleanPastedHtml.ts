import {
  attributeOf,
  ELEMENT_NODE,
  escapeHtml,
  type HtmlNode,
  parseStyle,
  TEXT_NODE,
  tagOf,
} from './htmlNode.ts';
import { markedText, marksInside, NO_MARKS, type PasteMarks } from './pasteMarks.ts';
import {
  isNumberedMarker,
  nestWordList,
  type WordListItem,
  wordListMarker,
  wordListPosition,
} from './wordLists.ts';

/**
 * Cleans HTML pasted from Word, Google Docs or a web page down to what the manuscript schema means:
 * paragraphs, headings, lists, block quotes, tables, links, bold, italic, underline, strike and small
 * caps. Fonts, colours, sizes, classes, empty spans, comments and Office's own elements go; Word's
 * typed list markers become real lists. The output is plain HTML with no attributes but href,
 * colspan, rowspan and start, which ProseMirror then parses with the schema's rules.
 *
 * Images are left out: a manuscript's images live in the book's media library, and a pasted one
 * points at the clipboard's temporary file or someone else's server.
 */
export function cleanPastedHtml(body: HtmlNode, options: CleanOptions = {}): string {
  const sink = new BlockSink('p');
  convertChildren(
    body,
    { marks: NO_MARKS, spacerun: false, titleTag: options.titleTaken ? 'h2' : 'h1' },
    sink,
  );
  return sink.finish();
}

export interface CleanOptions {
  /** The chapter already has its title (the one H1): pasted titles become H2 sections. */
  titleTaken?: boolean;
}

interface Context {
  marks: PasteMarks;
  titleTag: 'h1' | 'h2';
  /** Inside Word's `mso-spacerun` spans, whose non-breaking spaces only stand for ordinary ones. */
  spacerun: boolean;
}

/** Elements whose content is not text of the document (or not text at all). */
const DROPPED = new Set([
  'head',
  'title',
  'meta',
  'link',
  'style',
  'script',
  'template',
  'noscript',
  'xml',
  'object',
  'embed',
  'iframe',
  'svg',
  'math',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'input',
  'button',
  'select',
  'textarea',
  'colgroup',
  'col',
  // Word's paragraph-mark placeholder: empty, or a lone &nbsp; that would make empty lines text.
  'o:p',
]);
/** Word's comments: the [A1] references, their anchors and the comment texts at the end. */
const DROPPED_CLASSES = /^(msocommentreference|msocomanchor|msocomoff|msocomtxt|msocommenttext)$/i;
const DROPPED_MSO_ELEMENTS = new Set(['comment-list', 'comment', 'comment-anchor']);

const HEADINGS: Record<string, string> = { h1: 'h1', h2: 'h2', h3: 'h3', h4: 'h4', h5: 'h4', h6: 'h4' };
/** Elements that only group blocks: their content is kept, each one's paragraphs apart from the next's. */
const CONTAINERS = new Set([
  'html',
  'body',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'figure',
  'figcaption',
  'center',
  'address',
  'form',
  'fieldset',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
]);

function isDropped(node: HtmlNode, tag: string, style: Map<string, string>): boolean {
  if (DROPPED.has(tag) || tag.startsWith('v:') || tag.startsWith('w:') || tag.startsWith('m:')) return true;
  if (style.get('display') === 'none' || style.get('mso-hide') === 'all') return true;
  if (style.get('mso-list') === 'ignore' || style.get('mso-special-character') === 'comment') return true;
  if (DROPPED_MSO_ELEMENTS.has(style.get('mso-element') ?? '')) return true;
  // Word's footnote separator (a short rule before the notes), not a scene break.
  if (tag === 'hr' && attributeOf(node, 'width') !== null) return true;
  const classes = (attributeOf(node, 'class') ?? '').split(/\s+/);
  return classes.some((name) => DROPPED_CLASSES.test(name));
}

/**
 * Collects one container's output: blocks as they come, and the inline content between them as
 * paragraphs (or the textblock's own tag), left out when it is only white space.
 */
class BlockSink {
  private readonly out: string[] = [];
  private run = '';
  private meaningful = false;

  constructor(private readonly runTag: string) {}

  text(value: string, context: Context): void {
    if (value === '') return;
    const text = context.spacerun ? value.replace(/\u00a0/g, ' ') : value;
    this.run += markedText(text, context.marks);
    if (/[^\s\u00a0]/.test(text)) this.meaningful = true;
  }

  lineBreak(): void {
    this.run += '<br>';
  }

  block(html: string): void {
    this.endRun();
    if (html) this.out.push(html);
  }

  endRun(): void {
    if (this.meaningful) {
      const run = this.run.replace(/^(<br>)+|(<br>)+$/g, '');
      this.out.push(`<${this.runTag}>${run}</${this.runTag}>`);
    }
    this.run = '';
    this.meaningful = false;
  }

  finish(): string {
    this.endRun();
    return this.out.join('');
  }
}

function convertChildren(parent: HtmlNode, context: Context, sink: BlockSink): void {
  const children = Array.from(parent.childNodes);
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.nodeType === TEXT_NODE) {
      sink.text(child.nodeValue ?? '', context);
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue; // comments, Word's conditional ones included
    if (wordListPosition(child)) {
      const run = wordListRun(children, i, context);
      sink.block(nestWordList(run.items));
      i = run.end - 1;
      continue;
    }
    convertElement(child, context, sink);
  }
}

function convertElement(node: HtmlNode, context: Context, sink: BlockSink): void {
  const tag = tagOf(node);
  const style = parseStyle(attributeOf(node, 'style'));
  if (isDropped(node, tag, style)) return;
  const inside: Context = {
    ...context,
    marks: marksFor(node, tag, style, context.marks),
    spacerun: context.spacerun || style.get('mso-spacerun') === 'yes',
  };
  if (tag === 'br') {
    sink.lineBreak();
    return;
  }
  const block = blockHtml(node, tag, inside);
  if (block !== null) {
    sink.block(block);
    return;
  }
  if (CONTAINERS.has(tag) || tag === 'li' || tag === 'caption') {
    // A container's paragraphs stay apart from the ones around it: <div>a</div><div>b</div> is two.
    sink.endRun();
    convertChildren(node, inside, sink);
    sink.endRun();
    return;
  }
  // Inline (span, font, a, b, Word's smart tags like <st1:place>, anything unknown): its text, marked.
  convertChildren(node, inside, sink);
}

/** The cleaned HTML of a block-level element (empty when nothing is left of it), or null for others. */
function blockHtml(node: HtmlNode, tag: string, inside: Context): string | null {
  if (tag === 'hr') return '<hr>';
  if (tag === 'p' || HEADINGS[tag]) {
    const wordTitle = /\bmsotitle\b/i.test(attributeOf(node, 'class') ?? '');
    const heading = wordTitle ? 'h1' : (HEADINGS[tag] ?? 'p');
    return textblock(node, heading === 'h1' ? inside.titleTag : heading, inside);
  }
  if (tag === 'ul' || tag === 'ol') return list(node, tag, inside);
  if (tag === 'table') return table(node, inside);
  if (tag === 'blockquote') {
    const content = container(node, inside);
    return content ? `<blockquote>${content}</blockquote>` : '';
  }
  if (tag === 'pre') {
    const code = textOfPre(node);
    return code.trim() ? `<pre><code>${escapeHtml(code)}</code></pre>` : '';
  }
  return null;
}

function marksFor(node: HtmlNode, tag: string, style: Map<string, string>, parent: PasteMarks): PasteMarks {
  return marksInside(parent, tag, style, tag === 'a' ? attributeOf(node, 'href') : null);
}

function textblock(node: HtmlNode, tag: string, context: Context): string {
  const sink = new BlockSink(tag);
  convertChildren(node, context, sink);
  return sink.finish();
}

/** A list item's, cell's or quote's content: its inline text as paragraphs, its blocks as they are. */
function container(node: HtmlNode, context: Context): string {
  const sink = new BlockSink('p');
  convertChildren(node, context, sink);
  return sink.finish();
}

function list(node: HtmlNode, tag: 'ul' | 'ol', context: Context): string {
  const items: string[] = [];
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType !== ELEMENT_NODE) continue;
    const childTag = tagOf(child);
    if (isDropped(child, childTag, parseStyle(attributeOf(child, 'style')))) continue;
    if ((childTag === 'ul' || childTag === 'ol') && items.length > 0) {
      // Google Docs nests a list directly in its parent list, not in the item before: put it there.
      items[items.length - 1] += list(child, childTag, context);
      continue;
    }
    const content = childTag === 'li' ? container(child, context) : strayListContent(child, context);
    if (content) items.push(content);
  }
  if (items.length === 0) return '';
  const start = Number.parseInt(attributeOf(node, 'start') ?? '', 10);
  const open = tag === 'ol' && Number.isInteger(start) && start !== 1 ? `<ol start="${start}">` : `<${tag}>`;
  return `${open}${items.map((item) => `<li>${item}</li>`).join('')}</${tag}>`;
}

/** Something other than <li> directly in a list (invalid, but pasted): an item of its own. */
function strayListContent(node: HtmlNode, context: Context): string {
  const sink = new BlockSink('p');
  convertElement(node, context, sink);
  return sink.finish();
}

function table(node: HtmlNode, context: Context): string {
  const rows: string[] = [];
  let caption = '';
  const visit = (parent: HtmlNode) => {
    for (const child of Array.from(parent.childNodes)) {
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = tagOf(child);
      if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') visit(child);
      else if (tag === 'tr') {
        const cells = tableRow(child, context);
        if (cells) rows.push(`<tr>${cells}</tr>`);
      } else if (tag === 'caption') caption += container(child, context);
    }
  };
  visit(node);
  return rows.length > 0 ? `${caption}<table><tbody>${rows.join('')}</tbody></table>` : caption;
}

function tableRow(row: HtmlNode, context: Context): string {
  let cells = '';
  for (const cell of Array.from(row.childNodes)) {
    if (cell.nodeType !== ELEMENT_NODE) continue;
    const tag = tagOf(cell);
    if (tag !== 'td' && tag !== 'th') continue;
    const span = (name: string) => {
      const value = Number.parseInt(attributeOf(cell, name) ?? '', 10);
      return Number.isInteger(value) && value > 1 && value <= 100 ? ` ${name}="${value}"` : '';
    };
    // An empty cell keeps its place in the grid, with an empty paragraph.
    const content = container(cell, context) || '<p></p>';
    cells += `<${tag}${span('colspan')}${span('rowspan')}>${content}</${tag}>`;
  }
  return cells;
}

function textOfPre(node: HtmlNode): string {
  let text = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) text += child.nodeValue ?? '';
    else if (child.nodeType === ELEMENT_NODE) text += tagOf(child) === 'br' ? '\n' : textOfPre(child);
  }
  return text;
}

/** Word list paragraphs from `start` on, as long as they follow each other (white space between is fine). */
function wordListRun(
  children: readonly HtmlNode[],
  start: number,
  context: Context,
): { items: WordListItem[]; end: number } {
  const items: WordListItem[] = [];
  let end = start;
  for (let i = start; i < children.length; i++) {
    const child = children[i]!;
    const position = wordListPosition(child);
    if (position) {
      const ordered = isNumberedMarker(wordListMarker(child));
      const html = textblock(child, 'p', context);
      if (html) items.push({ level: position.level, ordered, html });
      end = i + 1;
      continue;
    }
    const between =
      child.nodeType === TEXT_NODE
        ? /^[\s\u00a0]*$/.test(child.nodeValue ?? '')
        : child.nodeType !== ELEMENT_NODE;
    if (!between) break;
  }
  return { items, end };
}
