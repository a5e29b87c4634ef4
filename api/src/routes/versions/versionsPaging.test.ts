import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildBook } from '../books/bookTestKit.ts';

describe('versions list: newest first, a page at a time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('walks every version through nextCursor, each once, newest first, and ends with a null cursor', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['One'] });
    const names = ['First', 'Second', 'Third', 'Fourth', 'Fifth'];
    for (const name of names) {
      const res = await t.request('POST', `/api/books/${book.id}/versions`, {
        token: owner.token,
        body: { name },
      });
      expect(res.status).toBe(201);
    }

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const res = await t.request('GET', `/api/books/${book.id}/versions${query}`, { token: owner.token });
      expect(res.status).toBe(200);
      pages.push(res.body.items.map((v: { name: string }) => v.name));
      cursor = res.body.nextCursor;
    } while (cursor !== null && pages.length < 10);

    // DynamoDB may hand back a last full page with a cursor to an empty one; that is still the end.
    const walked = pages.filter((page) => page.length > 0);
    expect(walked).toEqual([['Fifth', 'Fourth'], ['Third', 'Second'], ['First']]);
    expect(pages.flat()).toEqual([...names].reverse());
  });

  it("refuses a cursor that is not one, or is another book's, naming the field", async () => {
    const owner = await signedInUser(t);
    const [book, other] = [await buildBook(t, owner.user.id), await buildBook(t, owner.user.id)];
    for (const name of ['a', 'b']) {
      await t.request('POST', `/api/books/${other.id}/versions`, { token: owner.token, body: { name } });
    }
    const first = await t.request('GET', `/api/books/${other.id}/versions?limit=1`, { token: owner.token });
    expect(first.body.nextCursor).toEqual(expect.any(String));

    for (const cursor of ['not a cursor', first.body.nextCursor as string]) {
      const res = await t.request(
        'GET',
        `/api/books/${book.id}/versions?cursor=${encodeURIComponent(cursor)}`,
        { token: owner.token },
      );
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'validation_failed',
        details: { issues: [{ path: 'cursor', code: 'invalid_cursor' }] },
      });
    }
  });
});
