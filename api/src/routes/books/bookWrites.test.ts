import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { keys } from '../../store/keys.ts';
import { buildBook, ifMatch, putMember } from './bookTestKit.ts';

const richMetadata = {
  title: 'The Salt Road',
  subtitle: 'A novel',
  contributors: [
    { name: 'Ada Author', role: 'aut', sortName: 'Author, Ada' },
    { name: 'Tom Translator', role: 'trl' },
  ],
  language: 'en-gb',
  description: 'A long walk to the sea.',
  keywords: ['salt', 'sea'],
  subjects: { bisac: ['fic000000'], thema: ['FBA'] },
  isbn: '0-306-40615-2',
  publisher: 'Galley Press',
  imprint: 'Galley Fiction',
  publicationDate: '2026-09-01',
  edition: 'First edition',
  rights: '© 2026 Ada Author',
  licence: 'CC BY 4.0',
  series: { name: 'Roads', number: 1 },
  chapters: [{ title: 'Foreword', kind: 'front_matter' }, { title: 'Dawn' }],
};

describe('book writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const readStored = async (id: string) =>
    (
      await t.deps.ddb.send(
        new GetCommand({ TableName: t.deps.table, Key: keys.book(id), ConsistentRead: true }),
      )
    ).Item;

  describe('POST /api/books', () => {
    it('creates a book with normalised publisher metadata that GET returns, with an ETag', async () => {
      const author = await signedInUser(t);
      const res = await t.request('POST', '/api/books', { token: author.token, body: richMetadata });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.body).toMatchObject({
        title: 'The Salt Road',
        status: 'draft',
        role: 'owner',
        version: 1,
        deletedAt: null,
        language: 'en-GB',
        isbn: '9780306406157',
        isbnDisplay: '978-0-306-40615-7',
        subjects: { bisac: ['FIC000000'], thema: ['FBA'] },
        contributors: [
          { name: 'Ada Author', role: 'aut', sortName: 'Author, Ada' },
          { name: 'Tom Translator', role: 'trl', sortName: null },
        ],
        series: { name: 'Roads', number: 1 },
      });
      expect(res.body.chapters.map((c: { title: string; kind: string }) => [c.title, c.kind])).toEqual([
        ['Foreword', 'front_matter'],
        ['Dawn', 'chapter'],
      ]);
      const got = await t.request('GET', `/api/books/${res.body.id}`, { token: author.token });
      expect(got.body).toEqual(res.body);
      const list = await t.request('GET', '/api/books', { token: author.token });
      expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([res.body.id]);
    });

    it('refuses editors and publishers, and anonymous callers', async () => {
      for (const roles of [['editor'], ['publisher']] as const) {
        const user = await signedInUser(t, { roles: [...roles] });
        const res = await t.request('POST', '/api/books', { token: user.token, body: { title: 'Nope' } });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect((await t.request('POST', '/api/books', { body: { title: 'Nope' } })).status).toBe(401);
    });

    it('names the bad field with a stable code, and creates nothing', async () => {
      const author = await signedInUser(t);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ isbn: '978-0-306-40615-8' }, 'isbn', 'invalid_isbn'],
        [{ isbn: '12345' }, 'isbn', 'invalid_isbn'],
        [{ contributors: [{ name: 'A', role: 'xyz' }] }, 'contributors.0.role', 'unknown_relator'],
        [
          { contributors: [{ name: 'A', role: 'aut', extra: 1 }] },
          'contributors.0.extra',
          'unrecognized_keys',
        ],
        [{ language: 'english' }, 'language', 'invalid_language'],
        [{ language: 'en_GB' }, 'language', 'invalid_language'],
        [{ subjects: { bisac: ['FIC00000'] } }, 'subjects.bisac.0', 'invalid_bisac'],
        [{ subjects: { thema: ['EXYZ'] } }, 'subjects.thema.0', 'invalid_thema'],
        [{ description: 'x'.repeat(10_001) }, 'description', 'too_big'],
        [{ keywords: Array.from({ length: 51 }, (_, i) => `k${i}`) }, 'keywords', 'too_big'],
        [{ keywords: ['x'.repeat(101)] }, 'keywords.0', 'too_big'],
        [{ publicationDate: '2026-13-01' }, 'publicationDate', 'invalid_format'],
        [{ title: 'x'.repeat(201) }, 'title', 'too_big'],
        [{ series: { number: 2 } }, 'series.name', 'invalid_type'],
        [{ colour: 'red' }, 'colour', 'unrecognized_keys'],
      ];
      for (const [fields, path, code] of cases) {
        const res = await t.request('POST', '/api/books', {
          token: author.token,
          body: { title: 'T', ...fields },
        });
        expect(res.status, path).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details.issues[0], path).toMatchObject({ path, code });
      }
      const list = await t.request('GET', '/api/books', { token: author.token });
      expect(list.body.items).toEqual([]);
    });
  });

  describe('PATCH /api/books/{id}', () => {
    it('changes only the fields sent, clears with null, bumps version and updatedAt', async () => {
      const author = await signedInUser(t);
      const created = await t.request('POST', '/api/books', { token: author.token, body: richMetadata });
      const id = created.body.id;
      const res = await t.request('PATCH', `/api/books/${id}`, {
        token: author.token,
        headers: ifMatch(1),
        body: {
          title: 'The Salt Road (revised)',
          isbn: '978-1-4028-9462-6',
          series: null,
          edition: null,
          rights: '',
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"2"');
      expect(res.body).toMatchObject({
        title: 'The Salt Road (revised)',
        version: 2,
        isbn: '9781402894626',
        isbnDisplay: '978-1-4028-9462-6',
        series: null,
        edition: null,
        rights: null,
        publisher: 'Galley Press',
        language: 'en-GB',
      });
      expect(res.body.updatedAt >= created.body.updatedAt).toBe(true);
      const again = await t.request('PATCH', `/api/books/${id}`, {
        token: author.token,
        body: { version: 2, keywords: [] },
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ version: 3, keywords: [] });
      expect(await readStored(id)).toMatchObject({ version: 3, title: 'The Salt Road (revised)' });
    });

    it('refuses a stale version with 409 and the current book, writing nothing', async () => {
      const author = await signedInUser(t);
      const book = await buildBook(t, author.user.id, { title: 'Original' });
      const first = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        headers: ifMatch(1),
        body: { title: 'First edit' },
      });
      expect(first.status).toBe(200);
      const stale = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        headers: ifMatch(1),
        body: { title: 'Lost edit', publisher: 'Nobody' },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('conflict');
      expect(stale.body.error.details.current).toMatchObject({
        id: book.id,
        title: 'First edit',
        version: 2,
      });
      expect(await readStored(book.id)).toMatchObject({ title: 'First edit', version: 2 });
      expect((await readStored(book.id))?.publisher).toBeUndefined();
    });

    it('lets exactly one of two concurrent PATCHes from the same version win', async () => {
      const author = await signedInUser(t);
      const book = await buildBook(t, author.user.id);
      const results = await Promise.all(
        ['Alpha', 'Beta', 'Gamma'].map((title) =>
          t.request('PATCH', `/api/books/${book.id}`, { token: author.token, body: { title, version: 1 } }),
        ),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(2);
      expect(await readStored(book.id)).toMatchObject({ title: winners[0]!.body.title, version: 2 });
    });

    it('requires a version (428), a well-formed If-Match, and something to change', async () => {
      const author = await signedInUser(t);
      const book = await buildBook(t, author.user.id);
      const missing = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        body: { title: 'X' },
      });
      expect(missing.status).toBe(428);
      expect(missing.body.error.code).toBe('precondition_required');
      const badHeader = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        headers: { 'if-match': 'yesterday' },
        body: { title: 'X' },
      });
      expect(badHeader.status).toBe(400);
      expect(badHeader.body.error.details.issues[0]).toMatchObject({
        path: 'If-Match',
        code: 'invalid_if_match',
      });
      const mismatch = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        headers: ifMatch(1),
        body: { title: 'X', version: 2 },
      });
      expect(mismatch.status).toBe(400);
      const empty = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        body: { version: 1 },
      });
      expect(empty.status).toBe(400);
      expect(empty.body.error.details.issues[0].code).toBe('empty_update');
      const invalid = await t.request('PATCH', `/api/books/${book.id}`, {
        token: author.token,
        body: { version: 1, contributors: [{ name: 'B', role: 'boss' }] },
      });
      expect(invalid.body.error.details.issues[0]).toMatchObject({
        path: 'contributors.0.role',
        code: 'unknown_relator',
      });
      expect(await readStored(book.id)).toMatchObject({ version: 1 });
    });

    it('lets co-authors edit, refuses editors on the book and admins outside it (403) and outsiders (404)', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id);
      const coAuthor = await signedInUser(t);
      const editor = await signedInUser(t, { roles: ['editor'] });
      const outsider = await signedInUser(t);
      const publisher = await signedInUser(t, { roles: ['publisher'] });
      const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
      await putMember(t, book.id, coAuthor.user.id, 'co_author');
      await putMember(t, book.id, editor.user.id, 'editor');
      const patch = (token: string, version: number) =>
        t.request('PATCH', `/api/books/${book.id}`, { token, body: { version, description: `v${version}` } });
      expect((await patch(coAuthor.token, 1)).status).toBe(200);
      const asEditor = await patch(editor.token, 2);
      expect(asEditor.status).toBe(403);
      expect(asEditor.body.error.code).toBe('forbidden');
      const asAdmin = await patch(admin.token, 2);
      expect(asAdmin.status).toBe(403);
      expect(asAdmin.body.error.code).toBe('forbidden');
      expect((await patch(publisher.token, 2)).status).toBe(403);
      const asOutsider = await patch(outsider.token, 2);
      expect(asOutsider.status).toBe(404);
      expect(asOutsider.body.error.code).toBe('not_found');
      expect(await readStored(book.id)).toMatchObject({ version: 2, description: 'v1' });
    });
  });

  describe('GET /api/books filters', () => {
    it('filters by status and by a case-insensitive title match across pages', async () => {
      const author = await signedInUser(t);
      const titles = ['Winter Tale', 'Summer Song', 'winter wolves', 'Autumn', 'The Long Winter'];
      const ids = new Map<string, string>();
      for (const title of titles) ids.set(title, (await buildBook(t, author.user.id, { title })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/api/books?q=WINTER&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', path, { token: author.token });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((b: { title: string }) => b.title));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(seen.sort()).toEqual(['The Long Winter', 'Winter Tale', 'winter wolves']);

      const drafts = await t.request('GET', '/api/books?status=draft', { token: author.token });
      expect(drafts.body.items).toHaveLength(5);
      const published = await t.request('GET', '/api/books?status=published', { token: author.token });
      expect(published.body).toEqual({ items: [], nextCursor: null });
      const bad = await t.request('GET', '/api/books?status=lost', { token: author.token });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe('status');
    });
  });

  it('documents the write routes with bearer security', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const operations = [
      ['/api/books', 'post'],
      ['/api/books/{id}', 'patch'],
      ['/api/books/{id}', 'delete'],
      ['/api/books/{id}/restore', 'post'],
      ['/api/books/{id}/chapters', 'post'],
      ['/api/books/{id}/chapters/order', 'put'],
      ['/api/books/{id}/chapters/{chapterId}', 'patch'],
      ['/api/books/{id}/members', 'post'],
      ['/api/books/{id}/members/{userId}', 'delete'],
    ] as const;
    for (const [path, method] of operations) {
      expect(doc.body.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
    }
  });
});
