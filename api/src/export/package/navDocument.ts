import { xhtmlDocument } from '../xhtml/chapterDocument.ts';
import { escapeAttr, escapeText } from '../xhtml/escape.ts';

export interface TocEntry {
  title: string;
  /** Relative to the package folder (`text/chapter-01.xhtml`). */
  href: string;
  children: { title: string; href: string }[];
}

export interface Landmark {
  type: 'cover' | 'toc' | 'bodymatter' | 'frontmatter' | 'backmatter';
  title: string;
  href: string;
}

/**
 * The navigation document: the table of contents (chapters and their H2 sections) and landmarks.
 * It is also in the spine, so it reads as the book's contents page.
 */
export function renderNavDocument(options: {
  language: string;
  toc: TocEntry[];
  landmarks: Landmark[];
}): string {
  const link = (title: string, href: string) => `<a href="${escapeAttr(href)}">${escapeText(title)}</a>`;
  const items = options.toc.map((entry) => {
    const children = entry.children.length
      ? `\n<ol>\n${entry.children.map((c) => `<li>${link(c.title, c.href)}</li>`).join('\n')}\n</ol>\n`
      : '';
    return `<li>${link(entry.title, entry.href)}${children}</li>`;
  });
  const landmarks = options.landmarks.map(
    (l) => `<li><a epub:type="${l.type}" href="${escapeAttr(l.href)}">${escapeText(l.title)}</a></li>`,
  );
  const body = `<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">
<h1 id="toc-title">Contents</h1>
<ol>
${items.join('\n')}
</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden">
<h2 id="landmarks-title">Landmarks</h2>
<ol>
${landmarks.join('\n')}
</ol>
</nav>`;
  return xhtmlDocument({
    title: 'Contents',
    language: options.language,
    body,
    stylesheet: 'css/book.css',
  });
}
