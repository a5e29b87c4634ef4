import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, withMfa } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { gradientPng } from '../../export/sampleImages.ts';
import { buildBook, ifMatch, putMember, registeredUser } from './bookTestKit.ts';

/**
 * The rule (README, "Members, invitations, activity and the bin"): admins administer accounts and the
 * platform; a book they are not a member of they may read, and change nothing in it, not even who works
 * on it, until its owner makes them a member.
 */
describe('an admin outside a book', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  /** The owner's upload of a PNG, started (pending) or completed (a media item). */
  async function upload(token: string, bookId: string, complete: boolean): Promise<string> {
    const png = gradientPng(8, 8);
    const started = await t.request('POST', `/api/books/${bookId}/media`, {
      token,
      body: { kind: 'image', contentType: 'image/png', bytes: png.length },
    });
    expect(started.status).toBe(201);
    if (!complete) return started.body.mediaId;
    const { 'content-length': _length, ...headers } = started.body.upload.headers;
    expect((await fetch(started.body.upload.url, { method: 'PUT', headers, body: png })).status).toBe(200);
    const done = await t.request('POST', `/api/books/${bookId}/media/${started.body.mediaId}/complete`, {
      token,
      body: { alt: 'A gradient' },
    });
    expect(done.status).toBe(201);
    return started.body.mediaId;
  }

  it('reads the book, and every write route of the book answers 403 forbidden and changes nothing', async () => {
    const owner = await signedInUser(t);
    const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
    const reviewer = await registeredUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, reviewer.user.id, 'reviewer');
    const pendingId = await upload(owner.token, book.id, false);
    const mediaId = await upload(owner.token, book.id, true);
    const version = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'First draft' },
    });
    expect(version.status).toBe(201);
    const invitation = await t.request('POST', `/api/books/${book.id}/invitations`, {
      token: owner.token,
      body: { email: `invitee-${book.id.toLowerCase()}@example.test`, role: 'editor' },
    });
    expect(invitation.status).toBe(201);

    const state = async () => {
      const read = (path: string) => t.request('GET', `/api/books/${book.id}${path}`, { token: owner.token });
      const [detail, members, media, versions, invitations] = await Promise.all(
        ['', '/members', '/media', '/versions', '/invitations'].map(read),
      );
      return [detail, members, media, versions, invitations].map((r) => ({
        status: r!.status,
        body: r!.body,
      }));
    };
    const before = await state();
    const seen = await t.request('GET', `/api/books/${book.id}`, { token: admin.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: book.id, access: 'read' });

    const v = before[0]!.body.version as number;
    const [first, second] = book.chapters.map((c) => c.id);
    const base = `/api/books/${book.id}`;
    const writes: [method: string, path: string, body?: unknown, headers?: Record<string, string>][] = [
      ['PATCH', base, { version: v, description: 'By an admin' }],
      ['DELETE', base, undefined, ifMatch(v)],
      ['POST', `${base}/chapters`, { title: 'By an admin' }],
      ['PATCH', `${base}/chapters/${first}`, { title: 'Renamed by an admin', version: v }],
      ['PUT', `${base}/chapters/order`, { chapterIds: [second, first], version: v }],
      ['DELETE', `${base}/chapters/${first}`],
      ['POST', `${base}/media`, { kind: 'image', contentType: 'image/png', bytes: 100 }],
      ['POST', `${base}/media`, { kind: 'cover', contentType: 'image/png', bytes: 100 }],
      ['POST', `${base}/media/${pendingId}/complete`, { alt: 'By an admin' }],
      ['PATCH', `${base}/media/${mediaId}`, { alt: 'By an admin' }],
      ['DELETE', `${base}/media/${mediaId}`],
      ['POST', `${base}/imports`, { uploadId: book.id, format: 'markdown' }],
      ['POST', `${base}/versions`, { name: 'By an admin' }],
      ['POST', `${base}/versions/${version.body.id}/restore`, { version: v }],
      ['POST', `${base}/versions/${version.body.id}/restore`, { chapterId: first }],
      // Making themselves a writer is the owner's call, not theirs.
      ['POST', `${base}/members`, { email: admin.user.email, role: 'co_author', access: 'edit' }],
      ['PATCH', `${base}/members/${reviewer.user.id}`, { access: 'edit' }],
      ['DELETE', `${base}/members/${reviewer.user.id}`],
      ['POST', `${base}/invitations`, { email: 'someone@example.test', role: 'co_author' }],
      ['DELETE', `${base}/invitations/${invitation.body.id}`],
    ];
    for (const [method, path, body, headers] of writes) {
      const res = await t.request(method, path, {
        token: admin.token,
        ...(body === undefined ? {} : { body }),
        ...(headers ? { headers } : {}),
      });
      expect({ status: res.status, code: res.body?.error?.code }, `${method} ${path}`).toEqual({
        status: 403,
        code: 'forbidden',
      });
    }
    expect(await state()).toEqual(before);
  });

  it('cannot restore a binned book: the bin is hidden from them like a missing book', async () => {
    const owner = await signedInUser(t);
    const admin = await signedInUser(t, { roles: ['admin'], ...withMfa });
    const book = await buildBook(t, owner.user.id);
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token })).status).toBe(200);
    const restore = await t.request('POST', `/api/books/${book.id}/restore`, { token: admin.token });
    expect(restore.status).toBe(404);
    expect(restore.body.error.code).toBe('not_found');
    const asOwner = await t.request('GET', `/api/books/${book.id}?includeDeleted=true`, {
      token: owner.token,
    });
    expect(asOwner.body.deletedAt).toEqual(expect.any(String));
  });

  it('changes the book once its owner makes them a co-author, as any co-author would', async () => {
    const owner = await signedInUser(t);
    // Registered (not just signed in): adding a member looks their account up by email.
    const admin = await registeredUser(t, { roles: ['admin'], ...withMfa });
    const book = await buildBook(t, owner.user.id);
    const added = await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: admin.user.email, role: 'co_author' },
    });
    expect(added.status).toBe(201);
    const chapter = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token: admin.token,
      body: { title: 'Added by the admin, a co-author now' },
    });
    expect(chapter.status).toBe(201);
    const patched = await t.request('PATCH', `/api/books/${book.id}`, {
      token: admin.token,
      body: { version: chapter.body.book.version, description: 'By a co-author' },
    });
    expect(patched.status).toBe(200);
    // Still not the owner: the bin and the member list stay with the owner.
    expect((await t.request('DELETE', `/api/books/${book.id}`, { token: admin.token })).status).toBe(403);
  });
});
