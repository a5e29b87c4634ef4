import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { escapeAttr, escapeText } from './escape.ts';
import { renderImage, renderInline } from './inlineRenderer.ts';
import { plainText, type TreeChild, type TreeNode } from './manuscriptTree.ts';
import type { ChapterRenderState } from './renderContext.ts';
import { sourceMark } from './sourceMap.ts';

/** Block content as XHTML, one element per block, each on its own line and marked with its node. */
export function renderBlocks(children: TreeChild[], state: ChapterRenderState): string {
  return children
    .map((child) => {
      const html = renderBlock(child, state);
      return child.kind === 'node' && html ? sourceMark(state.positions.get(child)) + html : html;
    })
    .join('\n');
}

function renderBlock(child: TreeChild, state: ChapterRenderState): string {
  // Text directly in a block container is not something TipTap writes; keep it readable anyway.
  if (child.kind === 'text') return `<p>${renderInline([child], state)}</p>`;
  const node = child;
  switch (node.type) {
    case ManuscriptNodes.paragraph:
      return renderParagraph(node, state);
    case ManuscriptNodes.heading:
      return renderHeading(node, state);
    case ManuscriptNodes.blockquote:
      return `<blockquote>\n${renderBlocks(node.content, state)}\n</blockquote>`;
    case ManuscriptNodes.epigraph:
      return renderEpigraph(node, state);
    case ManuscriptNodes.bulletList:
      return `<ul>\n${renderBlocks(node.content, state)}\n</ul>`;
    case ManuscriptNodes.orderedList:
      return renderOrderedList(node, state);
    case ManuscriptNodes.listItem:
      return `<li>${renderBlocks(node.content, state)}</li>`;
    case ManuscriptNodes.sceneBreak:
      // hr is a thematic break (role separator) to assistive technology; CSS draws the ornament.
      return '<hr class="scene-break"/>';
    case ManuscriptNodes.image:
      return renderImage(node, state, true);
    case ManuscriptNodes.table:
      return renderTable(node, state);
    case ManuscriptNodes.codeBlock:
      return `<pre><code>${escapeText(plainText(node))}</code></pre>`;
    case ManuscriptNodes.hardBreak:
    case ManuscriptNodes.footnote:
      return `<p>${renderInline([node], state)}</p>`;
    default:
      state.problems.push({
        code: 'unknown_node',
        message: `A "${node.type.slice(0, 50)}" block is not known to the exporter; its text was kept as paragraphs.`,
        chapterId: state.chapterId,
      });
      return node.content.some((c) => c.kind === 'text')
        ? `<p>${renderInline(node.content, state)}</p>`
        : renderBlocks(node.content, state);
  }
}

function renderParagraph(node: TreeNode, state: ChapterRenderState): string {
  // A paragraph holding only an image is how TipTap writes a standalone (inline) image: make it a figure.
  const only = node.content.length === 1 ? node.content[0] : undefined;
  if (only?.kind === 'node' && only.type === ManuscriptNodes.image) return renderImage(only, state, true);
  const inner = renderInline(node.content, state);
  // Empty paragraphs are spacing in the editor; in a reflowable book the stylesheet does spacing.
  if (inner === '') return '';
  return `<p>${inner}</p>`;
}

export function headingLevel(node: TreeNode): number {
  const level = Number(node.attrs.level);
  return Number.isInteger(level) ? Math.min(6, Math.max(1, level)) : 2;
}

function renderHeading(node: TreeNode, state: ChapterRenderState): string {
  const level = headingLevel(node);
  const id = state.ids.get(node)!;
  return `<h${level} id="${escapeAttr(id)}">${renderInline(node.content, state)}</h${level}>`;
}

function renderEpigraph(node: TreeNode, state: ChapterRenderState): string {
  const attribution = typeof node.attrs.attribution === 'string' ? node.attrs.attribution.trim() : '';
  const quote = `<blockquote>\n${renderBlocks(node.content, state)}\n</blockquote>`;
  const by = attribution ? `\n<p class="attribution">— ${escapeText(attribution)}</p>` : '';
  return `<div class="epigraph" epub:type="epigraph" role="doc-epigraph">\n${quote}${by}\n</div>`;
}

function renderOrderedList(node: TreeNode, state: ChapterRenderState): string {
  const start = Number(node.attrs.start);
  const startAttr = Number.isInteger(start) && start !== 1 ? ` start="${start}"` : '';
  return `<ol${startAttr}>\n${renderBlocks(node.content, state)}\n</ol>`;
}

/**
 * Tables keep header cells as `th` with a scope: a header row gives column headers (in `thead`),
 * a header cell starting a body row is that row's header.
 */
function renderTable(node: TreeNode, state: ChapterRenderState): string {
  state.stats.tables += 1;
  const rows = node.content.filter((r): r is TreeNode => r.kind === 'node');
  const isHeaderRow = (row: TreeNode) =>
    row.content.length > 0 &&
    row.content.every((c) => c.kind === 'node' && c.type === ManuscriptNodes.tableHeader);
  const headRows = rows.length > 0 && isHeaderRow(rows[0]!) ? [rows[0]!] : [];
  const bodyRows = rows.slice(headRows.length);
  const head = headRows.length
    ? `<thead>\n${headRows.map((r) => renderRow(r, state, 'col')).join('\n')}\n</thead>\n`
    : '';
  return `<table>\n${head}<tbody>\n${bodyRows.map((r) => renderRow(r, state, 'row')).join('\n')}\n</tbody>\n</table>`;
}

function renderRow(row: TreeNode, state: ChapterRenderState, headerScope: 'col' | 'row'): string {
  const cells = row.content.filter((c): c is TreeNode => c.kind === 'node');
  const html = cells.map((cell) => {
    const header = cell.type === ManuscriptNodes.tableHeader;
    const tag = header ? 'th' : 'td';
    const scope = header ? ` scope="${headerScope}"` : '';
    const span = spanAttrs(cell);
    return `${sourceMark(state.positions.get(cell))}<${tag}${scope}${span}>${renderCellContent(cell, state)}</${tag}>`;
  });
  return `${sourceMark(state.positions.get(row))}<tr>${html.join('')}</tr>`;
}

function spanAttrs(cell: TreeNode): string {
  let attrs = '';
  for (const name of ['colspan', 'rowspan'] as const) {
    const value = Number(cell.attrs[name]);
    if (Number.isInteger(value) && value > 1) attrs += ` ${name}="${value}"`;
  }
  return attrs;
}

/** A cell holding a single paragraph is written without the `p`, so cells do not get paragraph indents. */
function renderCellContent(cell: TreeNode, state: ChapterRenderState): string {
  const blocks = cell.content;
  const first = blocks[0];
  if (blocks.length === 1 && first?.kind === 'node' && first.type === ManuscriptNodes.paragraph) {
    return renderInline(first.content, state);
  }
  return renderBlocks(blocks, state);
}
