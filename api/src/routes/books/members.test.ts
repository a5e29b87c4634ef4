import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { buildBook, putMember, registeredUser } from './bookTestKit.ts';

describe('book members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((b) => b.id);

  it('adds an existing user by email; they see the book at once, with the access their role gives', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await registeredUser(t);
    const editor = await registeredUser(t, { roles: ['editor'] });
    const book = await buildBook(t, owner.user.id);
    expect(ids(await t.request('GET', '/api/books', { token: coAuthor.token }))).toEqual([]);

    const added = await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: coAuthor.user.email.toUpperCase(), role: 'co_author' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      userId: coAuthor.user.id,
      role: 'co_author',
      displayName: coAuthor.user.displayName,
      email: coAuthor.user.email,
    });
    await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: editor.user.email, role: 'editor' },
    });

    const shelf = await t.request('GET', '/api/books', { token: coAuthor.token });
    expect(shelf.body.items).toEqual([expect.objectContaining({ id: book.id, role: 'co_author' })]);
    const patched = await t.request('PATCH', `/api/books/${book.id}`, {
      token: coAuthor.token,
      body: { version: 3, title: 'Co-written' },
    });
    expect(patched.status).toBe(200);
    const token = await t.request('POST', '/api/sync-tokens', {
      token: editor.token,
      body: { bookId: book.id },
    });
    expect(token.body.access).toBe('comment');

    const members = await t.request('GET', `/api/books/${book.id}/members`, { token: editor.token });
    expect(members.status).toBe(200);
    expect(members.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.user.id, 'owner'],
      [coAuthor.user.id, 'co_author'],
      [editor.user.id, 'editor'],
    ]);
  });

  it('refuses unknown emails, existing members, the owner role and non-owners, adding nobody', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await registeredUser(t);
    const other = await registeredUser(t);
    const outsider = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    const add = (token: string, body: unknown) =>
      t.request('POST', `/api/books/${book.id}/members`, { token, body });

    const unknown = await add(owner.token, { email: 'nobody-here@example.test', role: 'editor' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0]).toMatchObject({ path: 'email', code: 'unknown_user' });
    const again = await add(owner.token, { email: coAuthor.user.email, role: 'editor' });
    expect(again.status).toBe(409);
    const asOwnerRole = await add(owner.token, { email: other.user.email, role: 'owner' });
    expect(asOwnerRole.status).toBe(400);
    expect(asOwnerRole.body.error.details.issues[0].path).toBe('role');
    expect((await add(owner.token, { email: 'not-an-email', role: 'editor' })).status).toBe(400);
    expect((await add(coAuthor.token, { email: other.user.email, role: 'editor' })).status).toBe(403);
    expect((await add(outsider.token, { email: other.user.email, role: 'editor' })).status).toBe(404);

    const members = await t.request('GET', `/api/books/${book.id}/members`, { token: owner.token });
    expect(members.body.items.map((m: { role: string }) => m.role)).toEqual(['owner', 'co_author']);
    expect(ids(await t.request('GET', '/api/books', { token: other.token }))).toEqual([]);
    expect((await t.request('GET', `/api/books/${book.id}/members`, { token: outsider.token })).status).toBe(
      404,
    );
  });

  it('removes members (the owner, or the member leaving; not an admin outside the book) but never the owner', async () => {
    const owner = await signedInUser(t);
    const a = await signedInUser(t);
    const b = await signedInUser(t);
    const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, a.user.id, 'co_author');
    await putMember(t, book.id, b.user.id, 'reviewer');
    const remove = (token: string, userId: string) =>
      t.request('DELETE', `/api/books/${book.id}/members/${userId}`, { token });

    expect((await remove(b.token, a.user.id)).status).toBe(403);
    expect((await remove(a.token, owner.user.id)).status).toBe(403);
    const byAdmin = await remove(admin.token, a.user.id);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.code).toBe('forbidden');
    expect((await remove(owner.token, owner.user.id)).status).toBe(409);

    expect((await remove(owner.token, a.user.id)).status).toBe(204);
    expect(ids(await t.request('GET', '/api/books', { token: a.token }))).toEqual([]);
    expect((await t.request('GET', `/api/books/${book.id}`, { token: a.token })).status).toBe(404);
    expect((await remove(owner.token, a.user.id)).status).toBe(404);

    expect((await remove(b.token, b.user.id)).status).toBe(204);
    const members = await t.request('GET', `/api/books/${book.id}/members`, { token: owner.token });
    expect(members.body.items.map((m: { userId: string }) => m.userId)).toEqual([owner.user.id]);
  });
});
