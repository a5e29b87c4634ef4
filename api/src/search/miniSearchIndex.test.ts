import type { Role } from '@galley/shared/roles';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.ts';
import type { BookSearchDocument } from './bookSearchDocument.ts';
import { MiniSearchIndex } from './miniSearchIndex.ts';
import type { SearchFilters, SearchViewer } from './searchIndex.ts';
import { buildChapter, buildSearchDocument } from './searchTestKit.ts';

const publisher: SearchViewer = { userId: 'pub', roles: ['publisher'] };
const search = (
  index: MiniSearchIndex,
  q: string,
  options: { filters?: SearchFilters; viewer?: SearchViewer; limit?: number; cursor?: string } = {},
) =>
  index.search({
    q,
    filters: options.filters ?? {},
    viewer: options.viewer ?? publisher,
    limit: options.limit ?? 20,
    cursor: options.cursor,
  });
const ids = (page: { items: { bookId: string }[] }) => page.items.map((item) => item.bookId);
const highlighted = (snippet: { text: string; highlights: [number, number][] }) =>
  snippet.highlights.map(([start, end]) => snippet.text.slice(start, end));

function indexOf(...documents: BookSearchDocument[]): MiniSearchIndex {
  const index = new MiniSearchIndex();
  for (const document of documents) index.upsert(document);
  return index;
}

describe('MiniSearchIndex ranking and matching', () => {
  it('ranks a title match above a contributor, metadata and text match of the same word', () => {
    const inText = buildSearchDocument({
      chapters: [buildChapter('One', 'A lighthouse stood on the cape.')],
    });
    const inMetadata = buildSearchDocument({ metadata: 'A novel about a lighthouse keeper.' });
    const inContributor = buildSearchDocument({
      contributors: [{ name: 'Lighthouse Collective', role: 'aut' }],
    });
    const inTitle = buildSearchDocument({ title: 'The Lighthouse' });
    const index = indexOf(inText, inMetadata, inContributor, inTitle);
    expect(ids(search(index, 'lighthouse'))).toEqual([
      inTitle.bookId,
      inContributor.bookId,
      inMetadata.bookId,
      inText.bookId,
    ]);
  });

  it('matches prefixes, one typo, accents and case, and requires every word', () => {
    const whales = buildSearchDocument({
      title: 'Leviathan',
      chapters: [
        buildChapter('Loomings', 'Call me Ishmael. The whales of the Pacific, the café at the harbour.'),
      ],
    });
    const other = buildSearchDocument({
      title: 'Sparrows',
      chapters: [buildChapter('One', 'Call me later.')],
    });
    const index = indexOf(whales, other);
    expect(ids(search(index, 'whal'))).toEqual([whales.bookId]);
    expect(ids(search(index, 'leviathen'))).toEqual([whales.bookId]);
    expect(ids(search(index, 'CAFE'))).toEqual([whales.bookId]);
    expect(ids(search(index, 'call'))).toHaveLength(2);
    expect(ids(search(index, 'call later'))).toEqual([other.bookId]);
    expect(ids(search(index, 'submarine'))).toEqual([]);
  });

  it('allows a typo only when the exact words find little, the same way on every page', () => {
    const stove = buildSearchDocument({ title: 'The stove' });
    const few = indexOf(stove, buildSearchDocument({ title: 'A stone' }));
    expect(ids(search(few, 'stone')).sort()).toHaveLength(2);
    const stones = Array.from({ length: 10 }, (_, i) => buildSearchDocument({ title: `Stone ${i}` }));
    const many = indexOf(stove, ...stones);
    expect(ids(search(many, 'stone'))).not.toContain(stove.bookId);
    expect(ids(search(many, 'stone'))).toHaveLength(10);
  });

  it('matches only the last word as a prefix, and highlights what it matched', () => {
    const book = buildSearchDocument({
      title: 'Sea stories',
      chapters: [buildChapter('One', 'The seasons turned; the sea rose; a storyteller came.', 'c1')],
    });
    const index = indexOf(book);
    expect(ids(search(index, 'sea stor'))).toEqual([book.bookId]);
    // "stor" is not the last word, so it must be a whole word; "seas" is not one in this book.
    expect(ids(search(index, 'stor sea'))).toEqual([]);
    expect(ids(search(index, 'seas'))).toEqual([book.bookId]);
    const [hit] = search(index, 'sea stor').items;
    const text = hit!.snippets.find((s) => s.field === 'text')!;
    expect(highlighted(text)).toEqual(['sea', 'storyteller']);
  });

  it('quotes the chapters where the words occur, with ranges on exactly the matched words', () => {
    const long = `${'Filler words without the term. '.repeat(30)}Then the whales surfaced near the harbour. ${'More filler. '.repeat(30)}`;
    const book = buildSearchDocument({
      title: 'Sea Stories',
      chapters: [
        buildChapter('Calm', 'Nothing happens here at all.', 'c1'),
        buildChapter('Whales', long, 'c2'),
        buildChapter('Storm', 'A <b>whale</b> & its calf <script>alert(1)</script>.', 'c3'),
      ],
    });
    const [hit] = search(indexOf(book), 'whale').items;
    const snippets = hit!.snippets;
    const text = snippets.filter((s) => s.field === 'text');
    expect(text.map((s) => s.chapterId).sort()).toEqual(['c2', 'c3']);
    for (const snippet of text) {
      expect(highlighted(snippet).every((word) => /^whales?$/i.test(word))).toBe(true);
      expect(snippet.text.length).toBeLessThanOrEqual(200);
    }
    const long2 = text.find((s) => s.chapterId === 'c2')!;
    expect(long2.text.startsWith('…')).toBe(true);
    expect(long2.text).toContain('whales surfaced');
    // User text travels as text: markup is neither stripped nor turned into highlights.
    const markup = text.find((s) => s.chapterId === 'c3')!;
    expect(markup.text).toContain('<script>alert(1)</script>');
    expect(snippets.find((s) => s.field === 'chapterTitle')).toMatchObject({
      chapterId: 'c2',
      text: 'Whales',
    });
  });

  it('highlights title and contributor matches', () => {
    const book = buildSearchDocument({
      title: 'Harbour Lights',
      contributors: [{ name: 'Zoë Harbourne', role: 'aut' }],
    });
    const [hit] = search(indexOf(book), 'harbo').items;
    const byField = Object.fromEntries(hit!.snippets.map((s) => [s.field, highlighted(s)]));
    expect(byField.title).toEqual(['Harbour']);
    expect(byField.contributors).toEqual(['Harbourne']);
  });
});

describe('MiniSearchIndex filters', () => {
  const en = buildSearchDocument({
    title: 'Garden one',
    language: 'en-GB',
    status: 'published',
    subjects: ['FBA', 'FIC019000'],
  });
  const fr = buildSearchDocument({
    title: 'Garden two',
    language: 'fr',
    status: 'draft',
    subjects: ['GAR000000'],
    contributors: [{ name: 'Hélène Durand', role: 'aut' }],
  });
  const index = indexOf(en, fr);

  it('filters by status, language and its subtags, subject hierarchy and contributor', () => {
    expect(ids(search(index, 'garden', { filters: { status: 'published' } }))).toEqual([en.bookId]);
    expect(ids(search(index, 'garden', { filters: { language: 'en' } }))).toEqual([en.bookId]);
    expect(ids(search(index, 'garden', { filters: { language: 'e' } }))).toEqual([]);
    expect(ids(search(index, 'garden', { filters: { subject: 'FB' } }))).toEqual([en.bookId]);
    expect(ids(search(index, 'garden', { filters: { subject: 'gar000000' } }))).toEqual([fr.bookId]);
    expect(ids(search(index, 'garden', { filters: { contributor: 'helene' } }))).toEqual([fr.bookId]);
    expect(ids(search(index, 'garden', { filters: { contributor: 'helene', status: 'published' } }))).toEqual(
      [],
    );
  });
});

describe('MiniSearchIndex access and pagination', () => {
  it('shows members their books only, and publishers and admins every book', () => {
    const mine = buildSearchDocument({ title: 'Orchard notes', members: { ann: 'owner' } });
    const edited = buildSearchDocument({ title: 'Orchard tales', members: { bob: 'owner', ann: 'editor' } });
    const theirs = buildSearchDocument({ title: 'Orchard secrets', members: { bob: 'owner' } });
    const index = indexOf(mine, edited, theirs);
    const ann: SearchViewer = { userId: 'ann', roles: ['author'] };
    expect(ids(search(index, 'orchard', { viewer: ann })).sort()).toEqual(
      [mine.bookId, edited.bookId].sort(),
    );
    expect(ids(search(index, 'orchard', { viewer: { userId: 'eve', roles: ['author', 'editor'] } }))).toEqual(
      [],
    );
    expect(ids(search(index, 'orchard', { viewer: { userId: 'root', roles: ['admin'] } }))).toHaveLength(3);
  });

  it('pages through every result once, in rank order, and refuses a cursor from another search', () => {
    const books = Array.from({ length: 7 }, (_, i) =>
      buildSearchDocument({ title: `Meadow ${'meadow '.repeat(i)}`.trim() }),
    );
    const index = indexOf(...books);
    const all = ids(search(index, 'meadow', { limit: 50 }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = search(index, 'meadow', { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all).toHaveLength(7);
    const first = search(index, 'meadow', { limit: 3 });
    expect(() => search(index, 'other words', { cursor: first.nextCursor! })).toThrow(ValidationError);
    expect(() => search(index, 'meadow', { cursor: 'not*a*cursor' })).toThrow(ValidationError);
  });

  it('removes books, replaces them, and survives a snapshot round trip', () => {
    const book = buildSearchDocument({ title: 'Canal boats' });
    const index = indexOf(book, buildSearchDocument({ title: 'Canal locks' }));
    index.upsert({ ...book, title: 'River boats' });
    expect(ids(search(index, 'canal'))).toHaveLength(1);
    expect(ids(search(index, 'river'))).toEqual([book.bookId]);
    const copy = new MiniSearchIndex();
    copy.load(index.serialize());
    expect(search(copy, 'boats')).toEqual(search(index, 'boats'));
    index.remove(book.bookId);
    expect(ids(search(index, 'river'))).toEqual([]);
    expect(copy.size()).toBe(2);
  });
});

describe('MiniSearchIndex access property', () => {
  const users = ['u1', 'u2', 'u3', 'u4'];
  const roleSets: Role[][] = [['author'], ['editor'], ['author', 'editor'], ['publisher'], ['admin']];
  const memberRoles = ['owner', 'co_author', 'editor', 'reviewer', 'publisher'] as const;
  const words = ['river', 'rivet', 'stone', 'stoney', 'moss'];

  const bookArb = fc.record({
    title: fc.subarray(words, { minLength: 1 }).map((w) => w.join(' ')),
    text: fc.subarray(words).map((w) => w.join(' ')),
    members: fc.dictionary(fc.constantFrom(...users), fc.constantFrom(...memberRoles), { maxKeys: 3 }),
  });

  it('never returns a book the viewer may not see, and returns every one they may that matches', () => {
    fc.assert(
      fc.property(
        fc.array(bookArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...users),
        fc.constantFrom(...roleSets),
        fc.constantFrom(...words),
        fc.integer({ min: 1, max: 4 }),
        (books, userId, roles, q, limit) => {
          const documents = books.map((b, i) =>
            buildSearchDocument({
              bookId: `prop${i}`,
              title: b.title,
              chapters: [buildChapter('c', b.text)],
              members: b.members,
            }),
          );
          const index = indexOf(...documents);
          const viewer = { userId, roles };
          const overseer = roles.includes('publisher') || roles.includes('admin');
          const visible = new Set(
            documents.filter((d) => overseer || userId in d.members).map((d) => d.bookId),
          );
          const returned: string[] = [];
          let cursor: string | undefined;
          do {
            const page = search(index, q, { viewer, limit, ...(cursor ? { cursor } : {}) });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            returned.push(...ids(page));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          for (const id of returned) expect(visible.has(id)).toBe(true);
          expect(new Set(returned).size).toBe(returned.length);
          // Every visible book containing the exact word is found (prefix/fuzzy may add more visible ones).
          const containing = documents.filter(
            (d) => visible.has(d.bookId) && `${d.title} ${d.chapters[0]!.text}`.split(' ').includes(q),
          );
          for (const d of containing) expect(returned).toContain(d.bookId);
        },
      ),
      { numRuns: 150 },
    );
  });
});
