import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildBook, registeredUser } from './bookTestKit.ts';

describe('a book tells the caller their chapter access (so the client shows only what they may do)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('owner edits, a co-author set to comment comments, a publisher outside the book reads', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await registeredUser(t);
    const publisher = await signedInUser(t, { roles: ['publisher'] });
    const book = await buildBook(t, owner.user.id);
    const added = await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: coAuthor.user.email, role: 'co_author', access: 'comment' },
    });
    expect(added.status).toBe(201);

    const accessOf = async (token: string) => {
      const res = await t.request('GET', `/api/books/${book.id}`, { token });
      expect(res.status).toBe(200);
      return [res.body.role, res.body.access];
    };
    expect(await accessOf(owner.token)).toEqual(['owner', 'edit']);
    expect(await accessOf(coAuthor.token)).toEqual(['co_author', 'comment']);
    expect(await accessOf(publisher.token)).toEqual([null, 'read']);

    const shelf = await t.request('GET', '/api/books', { token: coAuthor.token });
    expect(shelf.body.items).toEqual([expect.objectContaining({ id: book.id, access: 'comment' })]);
  });

  it('follows a change of access, and a chapter write answers with it too', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await registeredUser(t);
    const book = await buildBook(t, owner.user.id);
    await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: coAuthor.user.email, role: 'co_author', access: 'read' },
    });
    const before = await t.request('GET', `/api/books/${book.id}`, { token: coAuthor.token });
    expect(before.body.access).toBe('read');

    const changed = await t.request('PATCH', `/api/books/${book.id}/members/${coAuthor.user.id}`, {
      token: owner.token,
      body: { access: 'edit' },
    });
    expect(changed.status).toBe(200);
    const written = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token: coAuthor.token,
      body: { title: 'Added by the co-author' },
    });
    expect(written.status).toBe(201);
    expect(written.body.book).toMatchObject({ role: 'co_author', access: 'edit' });
  });
});
