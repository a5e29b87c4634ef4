import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { createBook } from '../../domain/bookCreator.ts';
import { chapterItem, memberItem } from '../../store/booksRepo.ts';

describe('book routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const buildBook = (ownerId: string, title = `Book ${Math.random().toString(36).slice(2, 8)}`) =>
    createBook(t.deps, { ownerId, title, chapters: [{ title: 'One' }, { title: 'Two' }] });

  describe('GET /api/books', () => {
    it("pages through the caller's books, newest first, and nobody else's", async () => {
      const author = await signedInUser(t);
      const other = await signedInUser(t);
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await buildBook(author.user.id, `Mine ${i}`));
      await buildBook(other.user.id, 'Not mine');

      const seen: { id: string; role: string; updatedAt: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/api/books?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', path, { token: author.token });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(seen.map((b) => b.id).sort()).toEqual(created.map((b) => b.id).sort());
      expect(seen.every((b) => b.role === 'owner')).toBe(true);
      const order = seen.map((b) => `${b.updatedAt}#${b.id}`);
      expect(order).toEqual([...order].sort().reverse());
    });

    it('lists an empty shelf for a new user and requires sign-in', async () => {
      const newcomer = await signedInUser(t);
      expect((await t.request('GET', '/api/books', { token: newcomer.token })).body).toEqual({
        items: [],
        nextCursor: null,
      });
      const anonymous = await t.request('GET', '/api/books');
      expect(anonymous.status).toBe(401);
    });

    it("rejects a bad limit or cursor, including another user's cursor, naming the field", async () => {
      const alice = await signedInUser(t);
      const mallory = await signedInUser(t);
      for (let i = 0; i < 2; i++) await buildBook(alice.user.id);
      const alicePage = await t.request('GET', '/api/books?limit=1', { token: alice.token });
      const cases: [string, string][] = [
        ['?limit=0', 'limit'],
        ['?limit=500', 'limit'],
        ['?limit=two', 'limit'],
        ['?cursor=%%%', 'cursor'],
        [`?cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'cursor'],
        [`?cursor=${alicePage.body.nextCursor}`, 'cursor'],
        ['?page=2', 'page'],
      ];
      for (const [query, field] of cases) {
        const res = await t.request('GET', `/api/books${query}`, { token: mallory.token });
        expect(res.status, query).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details.issues[0].path, query).toBe(field);
      }
    });
  });

  describe('GET /api/books/{id}', () => {
    it('shows a member the book with chapters in reading order', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(owner.user.id, 'Ordered');
      // A chapter whose id sorts first but whose order is last: the list must follow `order`.
      const at = new Date().toISOString();
      await t.deps.ddb.send(
        new PutCommand({
          TableName: t.deps.table,
          Item: chapterItem({
            id: '00000000000000000000000000',
            bookId: book.id,
            title: 'Epilogue',
            order: 3,
            createdAt: at,
            updatedAt: at,
            version: 1,
          }),
        }),
      );
      const res = await t.request('GET', `/api/books/${book.id}`, { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: book.id, title: 'Ordered', status: 'draft', role: 'owner' });
      expect(res.body.chapters.map((c: { title: string }) => c.title)).toEqual(['One', 'Two', 'Epilogue']);
    });

    it('shows it to a co-author member, and to publishers and admins who are not members', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(owner.user.id);
      const coAuthor = await signedInUser(t);
      const at = new Date().toISOString();
      await t.deps.ddb.send(
        new PutCommand({
          TableName: t.deps.table,
          Item: memberItem({ bookId: book.id, userId: coAuthor.user.id, role: 'co_author', addedAt: at }, at),
        }),
      );
      const asCoAuthor = await t.request('GET', `/api/books/${book.id}`, { token: coAuthor.token });
      expect(asCoAuthor.body.role).toBe('co_author');
      const coAuthorList = await t.request('GET', '/api/books', { token: coAuthor.token });
      expect(coAuthorList.body.items.map((b: { id: string }) => b.id)).toEqual([book.id]);

      const publisher = await signedInUser(t, { roles: ['publisher'] });
      const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
      for (const viewer of [publisher, admin]) {
        const res = await t.request('GET', `/api/books/${book.id}`, { token: viewer.token });
        expect(res.status).toBe(200);
        expect(res.body.role).toBeNull();
        expect(res.body.chapters).toHaveLength(2);
      }
    });

    it('answers an outsider exactly as for a book that does not exist', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(owner.user.id);
      const outsider = await signedInUser(t, { roles: ['author', 'editor'] });
      const hidden = await t.request('GET', `/api/books/${book.id}`, { token: outsider.token });
      const missing = await t.request('GET', '/api/books/01NOSUCHBOOK00000000000000', {
        token: outsider.token,
      });
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.body).toEqual(missing.body);
      expect(hidden.body.error.code).toBe('not_found');
    });

    it('rejects a malformed id and an anonymous caller', async () => {
      const user = await signedInUser(t);
      const bad = await t.request('GET', '/api/books/x', { token: user.token });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe('id');
      expect((await t.request('GET', '/api/books/01NOSUCHBOOK00000000000000')).status).toBe(401);
    });
  });
});
