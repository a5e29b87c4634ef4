import { describe, expect, it } from 'vitest';
import { manuscriptDoc, node, p, type Spec, t } from '../manuscriptFixtures.ts';
import { renderChapterDocument } from './chapterDocument.ts';
import { assignChapterIds, collectAnchors } from './chapterIds.ts';
import { readManuscript } from './manuscriptTree.ts';
import type { BookRenderContext } from './renderContext.ts';

function render(
  blocks: Spec[],
  options: { kind?: 'chapter' | 'front_matter'; book?: Partial<BookRenderContext> } = {},
) {
  const tree = readManuscript(manuscriptDoc(blocks));
  const ids = assignChapterIds(tree);
  const anchors = new Map<string, string>();
  collectAnchors(ids, 'chapter-01.xhtml', anchors);
  const book: BookRenderContext = {
    chapterFiles: new Map([
      ['c1', 'chapter-01.xhtml'],
      ['c2', 'chapter-02.xhtml'],
    ]),
    anchors: new Map([...anchors, ['elsewhere', 'chapter-02.xhtml#elsewhere']]),
    images: new Map([['m1', { href: '../images/m1.png', width: 40, height: 30 }]]),
    ...options.book,
  };
  return renderChapterDocument(
    {
      id: 'c1',
      title: 'Chapter & One',
      kind: options.kind ?? 'chapter',
      tree,
      file: 'chapter-01.xhtml',
      ids,
    },
    book,
    'en',
  );
}

describe('renderChapterDocument', () => {
  it('gives a chapter without its own H1 one from the chapter title, escaped, labelling the section', () => {
    const out = render([p(t('Hello'))]);
    expect(out.title).toBe('Chapter & One');
    expect(out.xhtml).toContain('<title>Chapter &amp; One</title>');
    expect(out.xhtml).toContain(
      'aria-labelledby="chapter-title">\n<h1 id="chapter-title">Chapter &amp; One</h1>',
    );
    expect(out.xhtml).toContain('epub:type="chapter" role="doc-chapter"');
    expect(out.xhtml).toContain('<body epub:type="bodymatter">');
  });

  it('uses the manuscript H1 as the title and lists H2s as sections', () => {
    const out = render([
      node('heading', { level: 1 }, t('Own Title')),
      node('heading', { level: 2, id: 'one' }, t('First')),
      node('heading', { level: 2, id: 'one' }, t('Second, same id')),
    ]);
    expect(out.title).toBe('Own Title');
    expect(out.xhtml).toContain('<h1 id="h-1">Own Title</h1>');
    expect(out.sections).toEqual([
      { id: 'one', title: 'First' },
      { id: 'one-2', title: 'Second, same id' },
    ]);
  });

  it('marks front matter as front matter without claiming it is a chapter', () => {
    const out = render([p(t('For you.'))], { kind: 'front_matter' });
    expect(out.xhtml).toContain('<body epub:type="frontmatter">');
    expect(out.xhtml).not.toContain('doc-chapter');
  });

  it('nests every mark and escapes the text inside', () => {
    const out = render([p(t('a<b>&c', { bold: {}, italic: {}, smallCaps: {}, superscript: {} }))]);
    expect(out.xhtml).toContain(
      '<p><strong><em><span class="small-caps"><sup>a&lt;b&gt;&amp;c</sup></span></em></strong></p>',
    );
  });

  it('rewrites chapter and in-book links, keeps web links, and drops the rest with a problem', () => {
    const out = render([
      p(
        t('next', { link: { href: 'chapter:c2' } }),
        t(' '),
        t('there', { link: { href: '#elsewhere' } }),
        t(' '),
        t('web', { link: { href: 'https://example.org/?q=a&b' } }),
        t(' '),
        t('evil', { link: { href: 'javascript:alert(1)' } }),
        t(' '),
        t('gone', { link: { href: 'chapter:nope' } }),
      ),
    ]);
    expect(out.xhtml).toContain('<a href="chapter-02.xhtml">next</a>');
    expect(out.xhtml).toContain('<a href="chapter-02.xhtml#elsewhere">there</a>');
    expect(out.xhtml).toContain('<a href="https://example.org/?q=a&amp;b" class="external">web</a>');
    expect(out.xhtml).toContain(' evil ');
    expect(out.xhtml).not.toContain('javascript');
    expect(out.problems.map((p) => p.code)).toEqual(['unsafe_link', 'broken_link']);
  });

  it('keeps one link across differently marked runs', () => {
    const href = { link: { href: 'https://example.org/' } };
    const out = render([p(t('a ', href), t('bold', { ...href, bold: {} }), t(' b', href))]);
    expect(out.xhtml).toContain(
      '<a href="https://example.org/" class="external">a <strong>bold</strong> b</a>',
    );
  });

  it('links footnotes both ways as EPUB notes, numbered in order', () => {
    const out = render([
      p(
        t('One'),
        node('footnote', { id: 'a', note: 'First & note' }),
        t(' two'),
        node('footnote', { note: 'Second' }),
      ),
    ]);
    expect(out.xhtml).toContain(
      '<a id="ref-fn-a" class="noteref" href="#fn-a" epub:type="noteref" role="doc-noteref">1</a>',
    );
    expect(out.xhtml).toContain('href="#fn-2" epub:type="noteref" role="doc-noteref">2</a>');
    expect(out.xhtml).toContain(
      '<aside id="fn-a" class="footnote" epub:type="footnote" role="doc-footnote">\n<p><a href="#ref-fn-a" role="doc-backlink" title="Back to the text">1.</a> First &amp; note</p>',
    );
    expect(out.stats.footnotes).toBe(2);
  });

  it('renders scene breaks, lists, quotes, epigraphs and code', () => {
    const out = render([
      node('horizontalRule'),
      node('orderedList', { start: 3 }, node('listItem', {}, p(t('three')))),
      node('bulletList', {}, node('listItem', {}, p(t('dot')))),
      node('blockquote', {}, p(t('quoted'))),
      node('epigraph', { attribution: 'Someone' }, p(t('wise words'))),
      node('codeBlock', {}, t('if (a < b) {}')),
    ]);
    expect(out.xhtml).toContain('<hr class="scene-break"/>');
    expect(out.xhtml).toContain('<ol start="3">\n<li><p>three</p></li>\n</ol>');
    expect(out.xhtml).toContain('<ul>\n<li><p>dot</p></li>\n</ul>');
    expect(out.xhtml).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(out.xhtml).toContain('<div class="epigraph" epub:type="epigraph" role="doc-epigraph">');
    expect(out.xhtml).toContain('<p class="attribution">— Someone</p>');
    expect(out.xhtml).toContain('<pre><code>if (a &lt; b) {}</code></pre>');
  });

  it('gives tables header cells with scopes and spans', () => {
    const out = render([
      node(
        'table',
        {},
        node(
          'tableRow',
          {},
          node('tableHeader', {}, p(t('A'))),
          node('tableHeader', { colspan: 2 }, p(t('B'))),
        ),
        node(
          'tableRow',
          {},
          node('tableHeader', {}, p(t('row'))),
          node('tableCell', {}, p(t('1'))),
          node('tableCell', {}, p(t('2'))),
        ),
      ),
    ]);
    expect(out.xhtml).toContain(
      '<thead>\n<tr><th scope="col">A</th><th scope="col" colspan="2">B</th></tr>\n</thead>',
    );
    expect(out.xhtml).toContain('<tr><th scope="row">row</th><td>1</td><td>2</td></tr>');
    expect(out.stats.tables).toBe(1);
  });

  it('makes figures of images with alt text and captions, and never invents alt text', () => {
    const out = render([
      node('image', { mediaId: 'm1', alt: 'A "chart"', caption: 'Fig. 1', credit: 'Me' }),
      node('image', { mediaId: 'm1', caption: 'No alt' }),
      node('image', { mediaId: 'missing', alt: 'x' }),
    ]);
    expect(out.xhtml).toContain(
      '<figure class="image"><img src="../images/m1.png" alt="A &quot;chart&quot;" width="40" height="30"/><figcaption>Fig. 1 <span class="credit">Me</span></figcaption></figure>',
    );
    expect(out.xhtml).toContain(
      '<img src="../images/m1.png" width="40" height="30"/><figcaption>No alt</figcaption>',
    );
    expect(out.stats).toMatchObject({ images: 2, imagesWithoutAlt: 1 });
    expect(out.problems.map((p) => p.code)).toEqual(['image_without_alt', 'missing_image']);
  });

  it('skips empty paragraphs and keeps hard breaks', () => {
    const out = render([p(), p(t('a'), node('hardBreak'), t('b'))]);
    expect(out.xhtml).toContain('<p>a<br/>b</p>');
    expect(out.xhtml).not.toContain('<p></p>');
  });
});
