import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from './cleanPastedHtml.ts';
import { decodeEntities, parseFixture } from './fixtureDom.ts';
import { GOOGLE_DOCS_CLIPBOARD, WORD_CLIPBOARD } from './pasteFixtures.ts';
import { isNumberedMarker, nestWordList } from './wordLists.ts';

const clean = (html: string) => cleanPastedHtml(parseFixture(html));

/** Only the tags and attributes the cleaner may write. */
function expectOnlyManuscriptHtml(html: string): void {
  const tags = [...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]);
  const allowed = [
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'u',
    's',
    'a',
    'span',
    'br',
    'hr',
  ];
  const tables = ['table', 'tbody', 'tr', 'td', 'th', 'blockquote', 'pre', 'code'];
  expect(tags.filter((tag) => !allowed.includes(tag!) && !tables.includes(tag!))).toEqual([]);
  const attributes = [...html.matchAll(/\s([a-z-]+)="/g)].map((m) => m[1]);
  expect(attributes.filter((a) => !['href', 'class', 'colspan', 'rowspan', 'start'].includes(a!))).toEqual(
    [],
  );
  for (const [, name] of html.matchAll(/class="([^"]*)"/g)) expect(name).toBe('small-caps');
  expect(html).not.toMatch(/mso|font-|color|Calibri|Georgia|Arial|<o:|st1:/i);
}

describe('cleaning what Word puts on the clipboard', () => {
  const html = clean(WORD_CLIPBOARD);

  it('keeps headings, paragraphs and emphasis, written as our tags, and nothing of the styling', () => {
    expectOnlyManuscriptHtml(html);
    expect(
      html.startsWith('<h1>The Harbour</h1><h2>Low tide</h2><p>The tide came in at <strong>dusk</strong>'),
    ).toBe(true);
    expect(html).toContain('the <em>gulls</em> circled the mast near Whitby.');
    expect(html).toContain('<strong>Nobody</strong>\n<u>slept</u>, and the <s>old</s> <s>pier</s>');
  });

  it('drops comments, their [AI1] anchors, the empty paragraphs and the stylesheet', () => {
    expect(html).not.toContain('AI1');
    expect(html).not.toContain('creaking or groaning');
    expect(html).toContain('creaked.</p>');
    expect(html).not.toContain('<p></p><p>See');
    expect(html).not.toMatch(/Font Definitions|StartFragment|OfficeDocumentSettings/);
    // Word's run of spaces (mso-spacerun) is plain spaces, not non-breaking ones.
    expect(html).toContain('Whitby.  <strong>');
  });

  it('keeps links a reader can follow and drops bookmarks into the Word file', () => {
    expect(html).toContain(
      'See the <a href="https://example.org/tides">tide\ntables</a> and the chapter on knots.',
    );
  });

  it('turns the typed bullets and numbers into nested lists, markers gone', () => {
    expect(html).toContain(
      '<ul><li><p>Rope</p><ul><li><p>Hemp, <em>tarred</em></p></li></ul></li><li><p>Sail</p></li></ul>' +
        '<ol><li><p>Haul the anchor</p></li><li><p>Set the <strong>jib</strong></p></li></ol>',
    );
    expect(html).not.toMatch(/·|&nbsp;|\u00a0/);
  });

  it('keeps the table grid, an empty cell included', () => {
    expect(html).toContain(
      '<table><tbody><tr><td><p><strong>Port</strong></p></td><td><p>High water</p></td></tr>' +
        '<tr><td><p>Whitby</p></td><td><p></p></td></tr></tbody></table>',
    );
  });
});

describe('cleaning what Google Docs puts on the clipboard', () => {
  const html = clean(GOOGLE_DOCS_CLIPBOARD);

  it('reads emphasis from the styled spans, not from the font-weight:normal <b> around everything', () => {
    expectOnlyManuscriptHtml(html);
    expect(html).toContain(
      '<h1>Salt Road</h1><p>The rain fell on the <strong>road</strong> and the <em>carts</em><u>sank</u><s>deep</s>',
    );
    expect(html).not.toContain('<strong>The rain');
  });

  it('keeps the link without the underline Docs draws on it, and small caps', () => {
    expect(html).toContain(
      '<span class="small-caps">. Read </span><a href="https://example.org/salt">the map</a>.</p>',
    );
  });

  it('moves a nested list into the item before it and drops the <br> between blocks', () => {
    expect(html).toContain(
      '<ul><li><p>Salt</p><ul><li><p><strong>Rock</strong> salt</p></li></ul></li><li><p>Pepper</p></li></ul>',
    );
    expect(html).not.toContain('<br>');
  });

  it('keeps tables, without their column widths', () => {
    expect(html).toMatch(
      /<table><tbody><tr><td><p>Mile<\/p><\/td><td><p>Inn<\/p><\/td><\/tr><\/tbody><\/table>$/,
    );
  });
});

describe('cleaning any other HTML', () => {
  it('keeps paragraphs of separate divs apart and line breaks inside a paragraph', () => {
    expect(clean('<div>One<br>two</div><div><span style="color:red">Three</span></div>')).toBe(
      '<p>One<br>two</p><p>Three</p>',
    );
  });

  it('drops scripts, images and hidden text, and links that are not web or mail addresses', () => {
    expect(
      clean(
        '<p>A<script>alert(1)</script><img src="x.png" alt="x"><span style="display:none">hidden</span>' +
          '<a href="javascript:alert(1)">b</a> <a href="mailto:ed@example.org">mail</a></p>',
      ),
    ).toBe('<p>Ab <a href="mailto:ed@example.org">mail</a></p>');
  });

  it('escapes text, maps h5 and h6 to the deepest heading we have, and keeps a numbered list’s start', () => {
    expect(clean('<h6>a &lt;b&gt; &amp; c</h6><ol start="3"><li>x</li></ol>')).toBe(
      '<h4>a &lt;b&gt; &amp; c</h4><ol start="3"><li><p>x</p></li></ol>',
    );
  });

  it('writes well-formed HTML: every tag opened is closed, in order', () => {
    const html = clean(WORD_CLIPBOARD) + clean(GOOGLE_DOCS_CLIPBOARD);
    const stack: string[] = [];
    for (const [, closing, tag] of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
      if (tag === 'br' || tag === 'hr') continue;
      if (closing) expect(stack.pop()).toBe(tag);
      else stack.push(tag!);
    }
    expect(stack).toEqual([]);
  });
});

describe('Word list helpers', () => {
  it('tells numbers from bullets', () => {
    for (const marker of ['1.', '12)', '(a)', 'b.', 'iv.', 'XI)'])
      expect(isNumberedMarker(marker), marker).toBe(true);
    for (const marker of ['·', '§', 'o', '–', '•', '']) expect(isNumberedMarker(marker), marker).toBe(false);
  });

  it('nests deeper levels inside the item before, and starts a new list when the kind changes', () => {
    expect(
      nestWordList([
        { level: 1, ordered: false, html: 'a' },
        { level: 3, ordered: true, html: 'b' },
        { level: 1, ordered: false, html: 'c' },
        { level: 1, ordered: true, html: 'd' },
      ]),
    ).toBe('<ul><li>a<ol><li>b</li></ol></li><li>c</li></ul><ol><li>d</li></ol>');
  });

  it('decodes the entities the fixtures use', () => {
    expect(decodeEntities('&nbsp;&amp;&#39;&#x2014;&rsquo;&unknown;')).toBe("\u00a0&'—’&unknown;");
  });
});
