import type { BookCreateRequest } from '@galley/shared/api/books';
import { chapterDocName } from '@galley/shared/sync/protocol';
import type { DocStorage } from '@galley/sync-server/storage/docStorage';
import * as Y from 'yjs';
import { h, manuscriptDoc, node, p, type Spec, t } from './manuscriptFixtures.ts';
import { gradientPng, SAMPLE_JPEG } from './sampleImages.ts';

/**
 * A rich sample book for the export tests: front and back matter, every mark, headings 1–4, lists,
 * a blockquote, an epigraph, scene breaks, a table with row and column headers, footnotes, links
 * between chapters and to the web, and three images (PNG and JPEG) with alt text and captions.
 */
export const SAMPLE_BOOK_METADATA = {
  title: 'The Lighthouse & the <Tide>',
  subtitle: 'A Sample for Export Tests',
  language: 'en-GB',
  isbn: '978-0-306-40615-7',
  contributors: [
    { name: 'Ada Author', role: 'aut', sortName: 'Author, Ada' },
    { name: 'Ed Itor', role: 'edt' },
    { name: 'Ila Strator', role: 'ill' },
  ],
  publisher: 'Galley Press',
  publicationDate: '2026-03-01',
  description: 'Three chapters, a dedication and notes, written to exercise every part of the exporter.',
  keywords: ['lighthouses', 'tides'],
  subjects: { bisac: ['FIC019000'], thema: ['FBA'] },
  rights: '© 2026 Ada Author. All rights reserved.',
  series: { name: 'Sea Stories', number: 2 },
} satisfies Partial<BookCreateRequest>;

export const SAMPLE_CHAPTERS = [
  { title: 'Dedication', kind: 'front_matter' },
  { title: 'Part One: Ashore', kind: 'part' },
  { title: 'The Keeper', kind: 'chapter' },
  { title: 'The Storm', kind: 'chapter' },
  { title: 'Notes on Sources', kind: 'back_matter' },
] as const;

export const SAMPLE_MEDIA = {
  lamp: { bytes: gradientPng(48, 32, 1), contentType: 'image/png' },
  chart: { bytes: gradientPng(40, 40, 2), contentType: 'image/png' },
  photo: { bytes: SAMPLE_JPEG, contentType: 'image/jpeg' },
};

const everyMark: Spec[] = [
  t('Plain, '),
  t('bold', { bold: {} }),
  t(', '),
  t('italic', { italic: {} }),
  t(', '),
  t('underlined', { underline: {} }),
  t(', '),
  t('struck', { strike: {} }),
  t(', '),
  t('Small Capitals', { smallCaps: {} }),
  t(', '),
  t('code()', { code: {} }),
  t(', x'),
  t('2', { superscript: {} }),
  t(' and H'),
  t('2', { subscript: {} }),
  t('O; '),
  t('bold italic', { bold: {}, italic: {} }),
  t(' & <angle> "quotes".'),
];

/** Chapter contents in the order of SAMPLE_CHAPTERS; `chapterIds` lets chapters link to each other. */
export function sampleChapterDocs(chapterIds: string[], options: { omitAltOn?: 'lamp' } = {}): Y.Doc[] {
  const [, , keeper, storm] = chapterIds;
  const lampAlt = options.omitAltOn === 'lamp' ? null : 'A lit lamp in the lantern room';
  return [
    manuscriptDoc([p(t('For everyone who keeps a light on.', { italic: {} }))]),
    manuscriptDoc([
      h(1, 'Part One: Ashore'),
      node('epigraph', { attribution: 'Old saying' }, p(t('A calm sea never made a skilled sailor.'))),
    ]),
    manuscriptDoc([
      h(1, 'The Keeper', 'the-keeper'),
      p(...everyMark),
      p(
        t('The keeper kept a log'),
        node('footnote', { id: 'log-note', note: 'The log survives in the county archive.' }),
        t(' and read it at night; see '),
        t('the storm', { link: { href: `chapter:${storm}` } }),
        t(' and '),
        t('the lighthouse society', { link: { href: 'https://example.org/lighthouses?a=1&b=2' } }),
        t('.'),
      ),
      h(2, 'The Lamp', 'the-lamp'),
      p(t('It burned paraffin.')),
      p(t('Every night, without fail.')),
      node('image', {
        mediaId: 'lamp',
        alt: lampAlt,
        caption: 'The lamp, restored.',
        credit: 'Photo: Ila Strator',
      }),
      node('horizontalRule'),
      p(t('Morning came late.')),
      h(3, 'Supplies'),
      node(
        'bulletList',
        {},
        node('listItem', {}, p(t('Oil'))),
        node(
          'listItem',
          {},
          p(t('Wicks')),
          node('bulletList', {}, node('listItem', {}, p(t('Spare wicks')))),
        ),
      ),
      node(
        'orderedList',
        { start: 1 },
        node('listItem', {}, p(t('Trim'))),
        node('listItem', {}, p(t('Light'))),
      ),
      h(4, 'A Letter'),
      node('blockquote', {}, p(t('Dear keeper,')), p(t('Come home.'))),
    ]),
    manuscriptDoc([
      h(1, 'The Storm'),
      p(
        t('Back to '),
        t('the lamp', { link: { href: '#the-lamp' } }),
        t('.'),
        node('hardBreak'),
        t('A new line.'),
      ),
      node(
        'table',
        {},
        node(
          'tableRow',
          {},
          node('tableHeader', {}, p(t('Night'))),
          node('tableHeader', {}, p(t('Wind (knots)'))),
        ),
        node('tableRow', {}, node('tableHeader', {}, p(t('Monday'))), node('tableCell', {}, p(t('35')))),
        node('tableRow', {}, node('tableHeader', {}, p(t('Tuesday'))), node('tableCell', {}, p(t('60')))),
      ),
      node('image', {
        mediaId: 'chart',
        alt: 'Wind speed rising from 35 to 60 knots',
        caption: 'Wind over two nights.',
      }),
      node('horizontalRule'),
      p(
        t('The second note'),
        node('footnote', { id: 'storm-note', note: 'Recorded at the harbour office.' }),
        t('.'),
      ),
      node('image', { mediaId: 'photo', alt: 'The lighthouse at dusk' }),
      p(t('Back to '), t('the keeper', { link: { href: `chapter:${keeper}` } }), t('.')),
    ]),
    manuscriptDoc([
      h(2, 'Archives'),
      p(t('See the county archive.')),
      node('codeBlock', {}, t('log 1871-03-02: gale')),
    ]),
  ];
}

/** Text added to the first chapter after its snapshot: an export that shows it merged the log tail. */
export const SAMPLE_AFTER_SNAPSHOT = 'Written after the snapshot.';

/**
 * Writes each chapter document through the sync server's storage as the sync server would: the first
 * as a snapshot plus a later log entry (so loading merges both), the rest as log entries.
 */
export async function storeChapterDocs(
  storage: DocStorage,
  bookId: string,
  chapterIds: string[],
  docs: Y.Doc[],
) {
  for (const [index, doc] of docs.entries()) {
    const name = chapterDocName(bookId, chapterIds[index]!);
    if (index === 0) {
      const seq = await storage.append(name, Y.encodeStateAsUpdate(doc));
      await storage.writeSnapshot(name, Y.encodeStateAsUpdate(doc), seq);
      const before = Y.encodeStateVector(doc);
      const fragment = doc.getXmlFragment('default');
      const paragraph = new Y.XmlElement('paragraph');
      fragment.insert(fragment.length, [paragraph]);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      text.insert(0, SAMPLE_AFTER_SNAPSHOT);
      await storage.append(name, Y.encodeStateAsUpdate(doc, before));
    } else {
      await storage.append(name, Y.encodeStateAsUpdate(doc));
    }
  }
}
