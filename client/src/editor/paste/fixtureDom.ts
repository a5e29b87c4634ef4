import { ELEMENT_NODE, type HtmlNode, TEXT_NODE } from './htmlNode.ts';

/**
 * Test support: parses the clipboard fixtures into nodes shaped like the DOM's, standing in for the
 * browser's DOMParser, which Node lacks. It reads what the fixtures hold (tags and attributes in any
 * quoting, void elements, raw <style>/<script> text, comments and Word's `<![if …]>` markers, which
 * browsers also read as comments, and the common entities); it does not repair broken markup. The
 * browser test pastes the same fixtures through the real DOMParser.
 */
class FixtureElement implements HtmlNode {
  readonly nodeType = ELEMENT_NODE;
  readonly nodeValue = null;
  readonly childNodes: HtmlNode[] = [];
  constructor(
    readonly nodeName: string,
    private readonly attributes: Map<string, string>,
  ) {}
  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }
}

const text = (value: string): HtmlNode => ({
  nodeType: TEXT_NODE,
  nodeName: '#text',
  nodeValue: value,
  childNodes: [],
});
const comment = (value: string): HtmlNode => ({
  nodeType: 8,
  nodeName: '#comment',
  nodeValue: value,
  childNodes: [],
});

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'wbr',
]);
const RAW_TEXT = new Set(['style', 'script', 'title', 'textarea']);
/** Opening one of these ends an open <p>, as the HTML parser does. */
const CLOSES_P = new Set([
  'p',
  'div',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
]);
const ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  mdash: '—',
  ndash: '–',
  hellip: '…',
};

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

/** The fixture's content as the children of one body element, as DOMParser's document.body would hold it. */
export function parseFixture(html: string): HtmlNode {
  const root = new FixtureElement('BODY', new Map());
  const open: FixtureElement[] = [root];
  const top = () => open[open.length - 1]!;
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    if (lt === -1 || lt > at) {
      const end = lt === -1 ? html.length : lt;
      top().childNodes.push(text(decodeEntities(html.slice(at, end))));
      at = end;
      continue;
    }
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4);
      const stop = end === -1 ? html.length : end + 3;
      top().childNodes.push(comment(html.slice(at + 4, end === -1 ? html.length : end)));
      at = stop;
      continue;
    }
    if (html.startsWith('<!', at) || html.startsWith('<?', at)) {
      const end = html.indexOf('>', at);
      top().childNodes.push(comment(html.slice(at + 2, end)));
      at = end + 1;
      continue;
    }
    const close = /^<\/([^\s>]+)\s*>/.exec(html.slice(at));
    if (close) {
      const name = close[1]!.toUpperCase();
      const index = open.map((element) => element.nodeName).lastIndexOf(name);
      if (index > 0) open.length = index;
      at += close[0].length;
      continue;
    }
    const start = /^<([a-zA-Z][^\s/>]*)([^>]*?)(\/?)>/.exec(html.slice(at));
    if (!start) {
      top().childNodes.push(text('<'));
      at += 1;
      continue;
    }
    const name = start[1]!.toLowerCase();
    if (CLOSES_P.has(name) && top().nodeName === 'P') open.pop();
    const element = new FixtureElement(name.toUpperCase(), parseAttributes(start[2]!));
    top().childNodes.push(element);
    at += start[0].length;
    if (RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, at);
      const stop = end === -1 ? html.length : end;
      element.childNodes.push(text(html.slice(at, stop)));
      at = html.indexOf('>', stop) + 1 || html.length;
    } else if (!VOID.has(name) && start[3] !== '/') {
      open.push(element);
    }
  }
  return root;
}
