import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SyncTokenClaimsSchema } from '@galley/shared/sync/syncToken';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { createBook } from '../../domain/bookCreator.ts';
import { memberItem } from '../../store/booksRepo.ts';

describe('POST /api/sync-tokens', () => {
  let t: TestApp;
  let bookId: string;
  let owner: { token: string; user: { id: string } };
  beforeAll(async () => {
    t = await buildTestApp();
    owner = await signedInUser(t, { roles: ['author'] });
    bookId = (
      await createBook(t.deps, { ownerId: owner.user.id, title: 'Tides', chapters: [{ title: 'One' }] })
    ).id;
  });
  afterAll(() => t.close());

  /** The token as the sync server will see it: verified against the published JWKS, sync audience. */
  async function verifyAsSyncServer(token: string) {
    const jwks = (await t.request('GET', '/api/.well-known/jwks.json')).body;
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['ES256'],
      issuer: 'galley',
      audience: 'galley:sync',
    });
    return SyncTokenClaimsSchema.parse(payload);
  }

  it('gives the owner an edit token for every chapter of the book', async () => {
    const res = await t.request('POST', '/api/sync-tokens', { token: owner.token, body: { bookId } });
    expect(res.status).toBe(201);
    expect(res.body.access).toBe('edit');
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    const claims = await verifyAsSyncServer(res.body.token);
    expect(claims).toMatchObject({
      sub: owner.user.id,
      book: bookId,
      access: 'edit',
      docs: `book/${bookId}/*`,
    });
    // The session that fetched it, so ending that session closes what the token opened.
    expect(claims.sid).toBe(decodeJwt(owner.token).sid);
    expect(claims.sid).toMatch(/^sid-/);
  });

  it('gives an assigned editor comment access and an outside publisher read access', async () => {
    const editor = await signedInUser(t, { roles: ['editor'] });
    const at = new Date().toISOString();
    await t.deps.ddb.send(
      new PutCommand({
        TableName: t.deps.table,
        Item: memberItem({ bookId, userId: editor.user.id, role: 'editor', addedAt: at }, at),
      }),
    );
    const asEditor = await t.request('POST', '/api/sync-tokens', { token: editor.token, body: { bookId } });
    expect(asEditor.body.access).toBe('comment');
    expect((await verifyAsSyncServer(asEditor.body.token)).access).toBe('comment');

    const publisher = await signedInUser(t, { roles: ['publisher'] });
    const asPublisher = await t.request('POST', '/api/sync-tokens', {
      token: publisher.token,
      body: { bookId },
    });
    expect(asPublisher.body.access).toBe('read');
  });

  it('is a 404 for a book the caller may not see, or that does not exist', async () => {
    const stranger = await signedInUser(t, { roles: ['author'] });
    const res = await t.request('POST', '/api/sync-tokens', { token: stranger.token, body: { bookId } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const missing = await t.request('POST', '/api/sync-tokens', {
      token: owner.token,
      body: { bookId: 'nope-nope-nope' },
    });
    expect(missing.status).toBe(404);
  });

  it('requires a signed-in caller and a well-formed body', async () => {
    expect((await t.request('POST', '/api/sync-tokens', { body: { bookId } })).status).toBe(401);
    const extra = await t.request('POST', '/api/sync-tokens', {
      token: owner.token,
      body: { bookId, access: 'edit' },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details.issues[0].path).toBe('access');
  });

  it('is not accepted as an access token', async () => {
    const res = await t.request('POST', '/api/sync-tokens', { token: owner.token, body: { bookId } });
    const misuse = await t.request('GET', '/api/me', { token: res.body.token });
    expect(misuse.status).toBe(401);
    expect(misuse.body.error.code).toBe('invalid_token');
  });
});
