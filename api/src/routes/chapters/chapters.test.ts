import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { chapterItem } from '../../store/booksRepo.ts';
import { buildBook, ifMatch, putMember } from '../books/bookTestKit.ts';

type Chapter = { id: string; title: string; order: number; kind: string; version: number };
const titles = (chapters: Chapter[]) => chapters.map((c) => c.title);

describe('chapter routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const getBook = async (id: string, token: string) =>
    (await t.request('GET', `/api/books/${id}`, { token })).body;

  describe('POST /api/books/{id}/chapters', () => {
    it('adds at the end or after a given chapter, renumbering, and bumps the book version', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: ['One', 'Two'] });
      const end = await t.request('POST', `/api/books/${book.id}/chapters`, {
        token: owner.token,
        body: { title: 'Notes', kind: 'back_matter' },
      });
      expect(end.status).toBe(201);
      expect(end.body.chapter).toMatchObject({ title: 'Notes', kind: 'back_matter', order: 3, version: 1 });
      expect(end.body.book.version).toBe(2);
      expect(end.headers.get('etag')).toBe('"2"');

      const middle = await t.request('POST', `/api/books/${book.id}/chapters`, {
        token: owner.token,
        body: { title: 'One and a half', after: book.chapters[0]!.id },
      });
      expect(middle.status).toBe(201);
      expect(middle.body.chapter.kind).toBe('chapter');
      const now = await getBook(book.id, owner.token);
      expect(titles(now.chapters)).toEqual(['One', 'One and a half', 'Two', 'Notes']);
      expect(now.chapters.map((c: Chapter) => c.order)).toEqual([1, 2, 3, 4]);
      expect(now.version).toBe(3);
    });

    it('takes the id a client chose (offline, its document is already named) and refuses it twice', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: [] });
      const id = crypto.randomUUID();
      const made = await t.request('POST', `/api/books/${book.id}/chapters`, {
        token: owner.token,
        body: { id, title: 'Written on a train' },
      });
      expect(made.status).toBe(201);
      expect(made.body.chapter.id).toBe(id);
      const twice = await t.request('POST', `/api/books/${book.id}/chapters`, {
        token: owner.token,
        body: { id, title: 'Again' },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('chapter_exists');
      const short = await t.request('POST', `/api/books/${book.id}/chapters`, {
        token: owner.token,
        body: { id: 'x/y', title: 'Bad id' },
      });
      expect(short.status).toBe(400);
      expect(short.body.error.details.issues[0].path).toBe('id');
      expect(titles((await getBook(book.id, owner.token)).chapters)).toEqual(['Written on a train']);
    });

    it('rejects a bad kind, an unknown `after`, unknown fields and a blank title', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id);
      const cases: [Record<string, unknown>, string][] = [
        [{ title: 'X', kind: 'appendix' }, 'kind'],
        [{ title: 'X', after: 'no-such-chapter' }, 'after'],
        [{ title: 'X', colour: 'red' }, 'colour'],
        [{ title: '   ' }, 'title'],
        [{ title: 'x'.repeat(201) }, 'title'],
      ];
      for (const [body, path] of cases) {
        const res = await t.request('POST', `/api/books/${book.id}/chapters`, { token: owner.token, body });
        expect(res.status, path).toBe(400);
        expect(res.body.error.details.issues[0].path, path).toBe(path);
      }
      expect(titles((await getBook(book.id, owner.token)).chapters)).toEqual(['One', 'Two']);
    });

    it('gives co-authors with edit access chapter rights; not those set to comment or read, editors, reviewers or admins outside the book; outsiders get 404', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id);
      const coAuthor = await signedInUser(t);
      const commentingCoAuthor = await signedInUser(t);
      const readingCoAuthor = await signedInUser(t);
      const editor = await signedInUser(t, { roles: ['editor'] });
      const reviewer = await signedInUser(t, { roles: ['editor'] });
      const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
      const outsider = await signedInUser(t);
      await putMember(t, book.id, coAuthor.user.id, 'co_author');
      await putMember(t, book.id, commentingCoAuthor.user.id, 'co_author', 'comment');
      await putMember(t, book.id, readingCoAuthor.user.id, 'co_author', 'read');
      await putMember(t, book.id, editor.user.id, 'editor');
      await putMember(t, book.id, reviewer.user.id, 'reviewer');
      const add = (token: string, title: string) =>
        t.request('POST', `/api/books/${book.id}/chapters`, { token, body: { title } });
      expect((await add(coAuthor.token, 'By co-author')).status).toBe(201);
      // Chapter changes take the edit access the editor needs to type: the same rule as the sync token.
      for (const [token, title] of [
        [commentingCoAuthor.token, 'By a commenting co-author'],
        [readingCoAuthor.token, 'By a reading co-author'],
        [admin.token, 'By admin'],
        [editor.token, 'By editor'],
        [reviewer.token, 'By reviewer'],
      ] as const) {
        const refused = await add(token, title);
        expect(refused.status, title).toBe(403);
        expect(refused.body.error.code).toBe('forbidden');
      }
      expect((await add(outsider.token, 'By outsider')).status).toBe(404);
      expect(titles((await getBook(book.id, owner.token)).chapters)).toEqual(['One', 'Two', 'By co-author']);
    });
  });

  describe('PATCH /api/books/{id}/chapters/{chapterId}', () => {
    it("renames and changes the kind at the chapter's version; a stale one is 409 with the chapter", async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id);
      const chapterId = book.chapters[0]!.id;
      const path = `/api/books/${book.id}/chapters/${chapterId}`;
      const res = await t.request('PATCH', path, {
        token: owner.token,
        body: { title: 'Prologue', kind: 'front_matter', version: 1 },
      });
      expect(res.status).toBe(200);
      expect(res.body.chapter).toMatchObject({
        id: chapterId,
        title: 'Prologue',
        kind: 'front_matter',
        version: 2,
      });
      expect(res.body.book.version).toBe(2);
      const stale = await t.request('PATCH', path, {
        token: owner.token,
        body: { title: 'Lost', version: 1 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.details.current).toMatchObject({ title: 'Prologue', version: 2 });
      expect(titles((await getBook(book.id, owner.token)).chapters)).toEqual(['Prologue', 'Two']);

      const noVersion = await t.request('PATCH', path, { token: owner.token, body: { title: 'X' } });
      expect(noVersion.status).toBe(400);
      expect(noVersion.body.error.details.issues[0].path).toBe('version');
      const missing = await t.request('PATCH', `/api/books/${book.id}/chapters/01NOSUCHCHAPTER00000000000`, {
        token: owner.token,
        body: { title: 'X', version: 1 },
      });
      expect(missing.status).toBe(404);
    });

    it('reads chapters stored before kinds existed as plain chapters', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: [] });
      const at = new Date().toISOString();
      const legacy = chapterItem({
        id: '01LEGACYCHAPTER00000000000',
        bookId: book.id,
        title: 'Old',
        order: 1,
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      await t.deps.ddb.send(new PutCommand({ TableName: t.deps.table, Item: legacy }));
      expect((await getBook(book.id, owner.token)).chapters).toEqual([
        { id: '01LEGACYCHAPTER00000000000', title: 'Old', order: 1, kind: 'chapter', version: 1 },
      ]);
    });
  });

  describe('PUT /api/books/{id}/chapters/order', () => {
    it('puts the chapters in the given order under the book version', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: ['A', 'B', 'C'] });
      const [a, b, c] = book.chapters.map((ch) => ch.id);
      const res = await t.request('PUT', `/api/books/${book.id}/chapters/order`, {
        token: owner.token,
        headers: ifMatch(1),
        body: { chapterIds: [c, a, b] },
      });
      expect(res.status).toBe(200);
      expect(titles(res.body.chapters)).toEqual(['C', 'A', 'B']);
      expect(res.body.version).toBe(2);
      expect(titles((await getBook(book.id, owner.token)).chapters)).toEqual(['C', 'A', 'B']);
    });

    it('refuses a set that is not exactly the current chapters, writing nothing', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: ['A', 'B', 'C'] });
      const [a, b, c] = book.chapters.map((ch) => ch.id);
      for (const chapterIds of [
        [a, b],
        [a, b, c, c],
        [a, b, 'someone-elses-chapter'],
        [a, b, b],
      ]) {
        const res = await t.request('PUT', `/api/books/${book.id}/chapters/order`, {
          token: owner.token,
          body: { chapterIds, version: 1 },
        });
        expect(res.status).toBe(400);
        expect(res.body.error.details.issues[0]).toMatchObject({
          path: 'chapterIds',
          code: 'chapter_set_mismatch',
        });
      }
      const now = await getBook(book.id, owner.token);
      expect(titles(now.chapters)).toEqual(['A', 'B', 'C']);
      expect(now.version).toBe(1);
      const noVersion = await t.request('PUT', `/api/books/${book.id}/chapters/order`, {
        token: owner.token,
        body: { chapterIds: [c, b, a] },
      });
      expect(noVersion.status).toBe(428);
    });

    it('lets only one of two concurrent reorders from the same version through, never a mix', async () => {
      const owner = await signedInUser(t);
      const names = ['A', 'B', 'C', 'D', 'E', 'F'];
      const book = await buildBook(t, owner.user.id, { chapters: names });
      const ids = book.chapters.map((ch) => ch.id);
      const reversed = [...ids].reverse();
      const rotated = [...ids.slice(3), ...ids.slice(0, 3)];
      const [first, second] = await Promise.all(
        [reversed, rotated].map((chapterIds) =>
          t.request('PUT', `/api/books/${book.id}/chapters/order`, {
            token: owner.token,
            body: { chapterIds, version: 1 },
          }),
        ),
      );
      expect([first!.status, second!.status].sort()).toEqual([200, 409]);
      const winner = first!.status === 200 ? reversed : rotated;
      const loser = first!.status === 200 ? second! : first!;
      expect(loser.body.error.details.current.chapters.map((c: Chapter) => c.id)).toEqual(winner);
      const now = await getBook(book.id, owner.token);
      expect(now.chapters.map((c: Chapter) => c.id)).toEqual(winner);
      expect(now.version).toBe(2);
    });

    it('makes a reorder based on an old version fail after a chapter was added', async () => {
      const owner = await signedInUser(t);
      const book = await buildBook(t, owner.user.id, { chapters: ['A', 'B'] });
      await t.request('POST', `/api/books/${book.id}/chapters`, { token: owner.token, body: { title: 'C' } });
      const res = await t.request('PUT', `/api/books/${book.id}/chapters/order`, {
        token: owner.token,
        headers: ifMatch(1),
        body: { chapterIds: book.chapters.map((c) => c.id).reverse() },
      });
      expect(res.status).toBe(409);
      expect(titles(res.body.error.details.current.chapters)).toEqual(['A', 'B', 'C']);
    });
  });

  describe('DELETE /api/books/{id}/chapters/{chapterId}', () => {
    it('removes the chapter for writers only and bumps the book', async () => {
      const owner = await signedInUser(t);
      const editor = await signedInUser(t, { roles: ['editor'] });
      const book = await buildBook(t, owner.user.id, { chapters: ['A', 'B', 'C'] });
      await putMember(t, book.id, editor.user.id, 'editor');
      const path = `/api/books/${book.id}/chapters/${book.chapters[1]!.id}`;
      expect((await t.request('DELETE', path, { token: editor.token })).status).toBe(403);
      const res = await t.request('DELETE', path, { token: owner.token });
      expect(res.status).toBe(200);
      expect(titles(res.body.chapters)).toEqual(['A', 'C']);
      expect(res.body.version).toBe(2);
      expect((await t.request('DELETE', path, { token: owner.token })).status).toBe(404);
      // Inserting after the gap closes it.
      const added = await t.request('POST', `/api/books/${book.id}/chapters`, {
        token: owner.token,
        body: { title: 'D' },
      });
      expect(added.body.book.chapters.map((c: Chapter) => [c.title, c.order])).toEqual([
        ['A', 1],
        ['C', 2],
        ['D', 3],
      ]);
    });
  });
});
