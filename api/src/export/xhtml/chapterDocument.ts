import type { ChapterKind } from '@galley/shared/api/books';
import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { headingLevel, renderBlocks } from './blockRenderer.ts';
import { escapeAttr, escapeText } from './escape.ts';
import { plainText, type TreeNode } from './manuscriptTree.ts';
import type { BookRenderContext, ChapterRenderState, RenderProblem } from './renderContext.ts';
import { type ChapterSourceMap, readSourceMarks, sourceMark } from './sourceMap.ts';
import { treePositions } from './treePositions.ts';

export interface ChapterInput {
  id: string;
  title: string;
  kind: ChapterKind;
  tree: TreeNode;
  /** File name inside the text folder (`chapter-03.xhtml`). */
  file: string;
  ids: ReadonlyMap<TreeNode, string>;
}

export interface RenderedChapter {
  xhtml: string;
  /** Which manuscript position each element of `xhtml` came from; kept with the build, not in the EPUB. */
  sourceMap: ChapterSourceMap;
  /** The chapter's title as shown (its own H1, else the chapter record's title). */
  title: string;
  /** H2 sections, for the table of contents. */
  sections: { id: string; title: string }[];
  problems: RenderProblem[];
  stats: ChapterRenderState['stats'] & { footnotes: number };
}

/** How each kind of chapter is marked up: the body's structural semantics and the section's role. */
// Front and back matter get no finer semantics: a preface, a dedication or acknowledgements would each
// need their own, and the chapter kind does not say which.
const KIND_SEMANTICS: Record<ChapterKind, { body: string; section: string | null; role: string | null }> = {
  front_matter: { body: 'frontmatter', section: null, role: null },
  chapter: { body: 'bodymatter', section: 'chapter', role: 'doc-chapter' },
  part: { body: 'bodymatter', section: 'part', role: 'doc-part' },
  back_matter: { body: 'backmatter', section: null, role: null },
};

export const STYLESHEET_HREF = '../css/book.css';

/** One chapter as a complete EPUB 3 XHTML content document. */
export function renderChapterDocument(
  chapter: ChapterInput,
  book: BookRenderContext,
  language: string,
): RenderedChapter {
  const state: ChapterRenderState = {
    book,
    chapterId: chapter.id,
    file: chapter.file,
    ids: chapter.ids,
    positions: treePositions(chapter.tree),
    notes: [],
    problems: [],
    stats: { images: 0, imagesWithoutAlt: 0, tables: 0 },
  };
  const blocks = chapter.tree.content;
  const first = blocks[0];
  const ownTitle =
    first?.kind === 'node' && first.type === ManuscriptNodes.heading && headingLevel(first) === 1
      ? first
      : null;
  const title = (ownTitle ? plainText(ownTitle).trim() : '') || chapter.title;
  const titleId = ownTitle ? chapter.ids.get(ownTitle)! : 'chapter-title';
  const heading = ownTitle ? '' : `<h1 id="${titleId}">${escapeText(chapter.title)}</h1>\n`;
  const body = renderBlocks(blocks, state);
  const notes = state.notes
    .map(
      (n) =>
        `${sourceMark(n.position)}<aside id="${n.id}" class="footnote" epub:type="footnote" role="doc-footnote">\n<p><a href="#${n.refId}" role="doc-backlink" title="Back to the text">${n.number}.</a> ${escapeText(n.text)}</p>\n</aside>`,
    )
    .join('\n');
  const kind = KIND_SEMANTICS[chapter.kind] ?? KIND_SEMANTICS.chapter;
  const semantics = `${kind.section ? ` epub:type="${kind.section}"` : ''}${kind.role ? ` role="${kind.role}"` : ''}`;
  const section = `<section id="${escapeAttr(`section-${chapter.file.replace(/\.xhtml$/, '')}`)}"${semantics} aria-labelledby="${titleId}">\n${heading}${body}${notes ? `\n${notes}` : ''}\n</section>`;
  const { xhtml, map } = readSourceMarks(
    xhtmlDocument({ title, language, bodyType: kind.body, body: section }),
  );
  return {
    xhtml,
    sourceMap: map,
    title,
    sections: h2Sections(blocks, chapter.ids),
    problems: state.problems,
    stats: { ...state.stats, footnotes: state.notes.length },
  };
}

function h2Sections(blocks: TreeNode['content'], ids: ReadonlyMap<TreeNode, string>) {
  const sections: { id: string; title: string }[] = [];
  for (const block of blocks) {
    if (block.kind !== 'node' || block.type !== ManuscriptNodes.heading || headingLevel(block) !== 2)
      continue;
    const title = plainText(block).trim();
    if (title) sections.push({ id: ids.get(block)!, title });
  }
  return sections;
}

/** The XHTML shell every content document shares (chapters, nav, cover). */
export function xhtmlDocument(options: {
  title: string;
  language: string;
  body: string;
  bodyType?: string;
  stylesheet?: string;
  bodyClass?: string;
}): string {
  const lang = escapeAttr(options.language);
  const bodyType = options.bodyType ? ` epub:type="${options.bodyType}"` : '';
  const bodyClass = options.bodyClass ? ` class="${options.bodyClass}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${lang}" lang="${lang}">
<head>
<meta charset="UTF-8"/>
<title>${escapeText(options.title)}</title>
<link rel="stylesheet" type="text/css" href="${options.stylesheet ?? STYLESHEET_HREF}"/>
</head>
<body${bodyType}${bodyClass}>
${options.body}
</body>
</html>
`;
}
