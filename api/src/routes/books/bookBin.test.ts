import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, tokenFor, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildBook, ifMatch, putMember } from './bookTestKit.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('book bin: soft delete and restore', () => {
  let t: TestApp;
  let clock = Date.parse('2026-03-01T09:00:00Z');
  beforeAll(async () => {
    t = await buildTestApp({ now: () => clock });
  });
  afterAll(() => t.close());

  /** Moves the app's clock; tokens are issued again because old ones expire with the jump. */
  async function later(ms: number, ...users: { user: Parameters<typeof tokenFor>[1]; token: string }[]) {
    clock += ms;
    for (const u of users) u.token = await tokenFor(t, u.user);
  }

  it('hides a binned book from lists and GET, but shows it to its owner with includeDeleted', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await signedInUser(t);
    const publisher = await signedInUser(t, { roles: ['publisher'] });
    const book = await buildBook(t, owner.user.id);
    const kept = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');

    const res = await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: book.id,
      status: 'draft',
      version: 2,
      deletedAt: new Date(clock).toISOString(),
    });
    expect(res.headers.get('etag')).toBe('"2"');

    const list = await t.request('GET', '/api/books', { token: owner.token });
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([kept.id]);
    expect((await t.request('GET', '/api/books', { token: coAuthor.token })).body.items).toEqual([]);
    for (const viewer of [owner, coAuthor, publisher]) {
      const got = await t.request('GET', `/api/books/${book.id}`, { token: viewer.token });
      expect(got.status).toBe(404);
    }
    const asOwner = await t.request('GET', `/api/books/${book.id}?includeDeleted=true`, {
      token: owner.token,
    });
    expect(asOwner.status).toBe(200);
    expect(asOwner.body.deletedAt).not.toBeNull();
    expect(asOwner.body.chapters).toHaveLength(2);
    const asCoAuthor = await t.request('GET', `/api/books/${book.id}?includeDeleted=true`, {
      token: coAuthor.token,
    });
    expect(asCoAuthor.status).toBe(404);
    // A binned book takes no edits.
    const patch = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      body: { version: 2, title: 'Zombie' },
    });
    expect(patch.status).toBe(404);
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token })).status).toBe(404);
    // Nor can its chapters be opened on the sync server.
    const sync = await t.request('POST', '/api/sync-tokens', {
      token: owner.token,
      body: { bookId: book.id },
    });
    expect(sync.status).toBe(404);
    const keptSync = await t.request('POST', '/api/sync-tokens', {
      token: owner.token,
      body: { bookId: kept.id },
    });
    expect(keptSync.status).toBe(201);
  });

  it('lets only the owner bin and restore a book, not an admin outside it', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await signedInUser(t);
    const outsider = await signedInUser(t);
    const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: coAuthor.token })).status).toBe(403);
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: outsider.token })).status).toBe(404);
    const asAdmin = await t.request('DELETE', `/api/books/${book.id}`, { token: admin.token });
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.error.code).toBe('forbidden');
    expect((await t.request('GET', `/api/books/${book.id}`, { token: owner.token })).status).toBe(200);
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token })).status).toBe(200);
    // The bin is the owner's: to an admin outside the book a binned book is like a missing one.
    expect((await t.request('POST', `/api/books/${book.id}/restore`, { token: admin.token })).status).toBe(
      404,
    );
    const restored = await t.request('POST', `/api/books/${book.id}/restore`, { token: owner.token });
    expect(restored.status).toBe(200);
  });

  it('checks an If-Match sent with DELETE', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const stale = await t.request('DELETE', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(7),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ id: book.id, version: 1, deletedAt: null });
    expect((await t.request('GET', `/api/books/${book.id}`, { token: owner.token })).status).toBe(200);
  });

  it('restores within 30 days: the book is back in lists with its chapters and a new version', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['A', 'B', 'C'] });
    await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    await later(29 * DAY, owner);
    const res = await t.request('POST', `/api/books/${book.id}/restore`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deletedAt: null, version: 3, status: 'draft' });
    expect(res.body.chapters.map((c: { title: string }) => c.title)).toEqual(['A', 'B', 'C']);
    const list = await t.request('GET', '/api/books', { token: owner.token });
    expect(list.body.items.map((b: { id: string }) => b.id)).toContain(book.id);
    const twice = await t.request('POST', `/api/books/${book.id}/restore`, { token: owner.token });
    expect(twice.status).toBe(409);
  });

  it('refuses to restore after 30 days with 410 gone, and the book stays in the bin', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    await later(30 * DAY + 60_000, owner);
    const res = await t.request('POST', `/api/books/${book.id}/restore`, { token: owner.token });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('gone');
    expect((await t.request('GET', `/api/books/${book.id}`, { token: owner.token })).status).toBe(404);
  });

  it('does not let a co-author restore, and hides the bin from outsiders', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await signedInUser(t);
    const outsider = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    const asCoAuthor = await t.request('POST', `/api/books/${book.id}/restore`, { token: coAuthor.token });
    expect(asCoAuthor.status).toBe(404);
    expect((await t.request('POST', `/api/books/${book.id}/restore`, { token: outsider.token })).status).toBe(
      404,
    );
    const notBinned = await buildBook(t, owner.user.id);
    const conflict = await t.request('POST', `/api/books/${notBinned.id}/restore`, { token: owner.token });
    expect(conflict.status).toBe(409);
  });
});
