import { ManuscriptMarks, ManuscriptNodes } from '@galley/shared/manuscript/schema';
import MarkdownIt, { type Token } from 'markdown-it';
import type { TextRun, TreeChild, TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { type ConvertedFile, node, safeHref, textRun, warning } from './importedManuscript.ts';
import { extractFootnotes, splitAtReferences } from './markdownFootnotes.ts';

type Mark = TextRun['marks'][number];

/** CommonMark plus GFM tables and strikethrough; raw HTML stays text (it is never trusted markup). */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Block tokens that open a node, and the node they open. */
const BLOCK_NODES: Record<string, string> = {
  paragraph_open: ManuscriptNodes.paragraph,
  heading_open: ManuscriptNodes.heading,
  blockquote_open: ManuscriptNodes.blockquote,
  bullet_list_open: ManuscriptNodes.bulletList,
  ordered_list_open: ManuscriptNodes.orderedList,
  list_item_open: ManuscriptNodes.listItem,
  table_open: ManuscriptNodes.table,
  tr_open: ManuscriptNodes.tableRow,
  th_open: ManuscriptNodes.tableHeader,
  td_open: ManuscriptNodes.tableCell,
};
const INLINE_MARKS: Record<string, string> = {
  strong: ManuscriptMarks.bold,
  em: ManuscriptMarks.italic,
  s: ManuscriptMarks.strike,
};

/**
 * Converts Markdown with markdown-it's token stream: block tokens open and close nodes on a stack,
 * inline tokens become text runs with marks. Headings keep their `#` level; chapterSplitter.ts decides
 * chapters; footnotes in the `[^1]` style become footnote atoms. Images are not fetched (a URL in a text file could point anywhere, including inside our
 * network): they are left out with a warning, so the author adds them from the media library.
 */
export function convertMarkdown(markdownSource: string): ConvertedFile {
  const { source, notes } = extractFootnotes(markdownSource);
  const warnings: ConvertedFile['warnings'] = [];
  const root = node('doc');
  const stack: TreeNode[] = [root];
  const top = () => stack[stack.length - 1]!;
  let skippedImages = 0;

  for (const token of markdown.parse(source, {})) {
    const type = BLOCK_NODES[token.type];
    if (type) {
      const attrs = type === ManuscriptNodes.heading ? { level: Number(token.tag.slice(1)) } : {};
      const opened = node(type, attrs);
      top().content.push(opened);
      stack.push(opened);
    } else if (token.nesting === -1 && BLOCK_NODES[token.type.replace(/_close$/, '_open')]) {
      const closed = stack.pop()!;
      normalise(closed);
    } else if (token.type === 'inline') {
      const { content, images } = inline(token.children ?? [], notes);
      skippedImages += images;
      top().content.push(...content);
    } else if (token.type === 'hr') {
      top().content.push(node(ManuscriptNodes.sceneBreak));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      const code = token.content.replace(/\n$/, '');
      top().content.push(node(ManuscriptNodes.codeBlock, {}, code ? [textRun(code)] : []));
    }
    // thead/tbody open and close are transparent: rows go straight into the table.
  }
  if (skippedImages > 0) {
    warnings.push(
      warning(
        'image_not_imported',
        `${skippedImages} image${skippedImages === 1 ? ' was' : 's were'} left out: Markdown only links to images. Add them from the media library.`,
      ),
    );
  }
  const blocks = root.content.filter((child): child is TreeNode => child.kind === 'node');
  return { blocks, images: [], warnings };
}

/** Table cells hold blocks and list items start with a paragraph (the editor's schema). */
function normalise(closed: TreeNode): void {
  if (closed.type === ManuscriptNodes.tableHeader || closed.type === ManuscriptNodes.tableCell) {
    closed.attrs = { colspan: 1, rowspan: 1 };
    closed.content = [node(ManuscriptNodes.paragraph, {}, closed.content)];
  }
  if (closed.type === ManuscriptNodes.listItem) {
    const first = closed.content[0];
    if (first?.kind !== 'node' || first.type !== ManuscriptNodes.paragraph) {
      closed.content.unshift(node(ManuscriptNodes.paragraph));
    }
  }
}

function inline(tokens: Token[], notes: Map<string, string>): { content: TreeChild[]; images: number } {
  const content: TreeChild[] = [];
  let marks: Mark[] = [];
  let images = 0;
  const without = (type: string) => {
    const index = marks.findLastIndex((mark) => mark.type === type);
    if (index >= 0) marks = [...marks.slice(0, index), ...marks.slice(index + 1)];
  };
  for (const token of tokens) {
    const markName = INLINE_MARKS[token.type.replace(/_(open|close)$/, '')];
    if (markName && token.nesting === 1) marks = [...marks, { type: markName, attrs: {} }];
    else if (markName && token.nesting === -1) without(markName);
    else if (token.type === 'link_open') {
      const raw = token.attrGet('href');
      const href = safeHref(typeof raw === 'string' ? raw : null);
      // An unsafe link keeps its text; the close below finds no link mark to remove, which is fine.
      if (href) marks = [...marks, { type: ManuscriptMarks.link, attrs: { href } }];
    } else if (token.type === 'link_close') without(ManuscriptMarks.link);
    else if (token.type === 'text' && token.content) {
      for (const piece of splitAtReferences(token.content, notes)) {
        content.push(
          'text' in piece ? textRun(piece.text, marks) : node(ManuscriptNodes.footnote, piece.footnote),
        );
      }
    } else if (token.type === 'code_inline') {
      content.push(textRun(token.content, [...marks, { type: ManuscriptMarks.code, attrs: {} }]));
    } else if (token.type === 'softbreak') content.push(textRun(' ', marks));
    else if (token.type === 'hardbreak') content.push(node(ManuscriptNodes.hardBreak));
    else if (token.type === 'image') images += 1;
  }
  return { content, images };
}
