import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { mediaObjectKeys } from '../../export/bookMedia.ts';
import { gradientPng } from '../../export/sampleImages.ts';
import { uploadStagingKey } from '../../media/mediaObjects.ts';
import { getPendingUpload } from '../../store/mediaRepo.ts';
import { buildBook, putMember } from '../books/bookTestKit.ts';
import { objectExists, putTo, startUpload, uploadAndComplete } from './mediaTestKit.ts';

describe('media library: presigned upload straight to S3', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('uploads a real PNG through the presigned URL, records it after checking, lists it and serves it', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const png = gradientPng(64, 48);

    const started = await startUpload(t, owner.token, book.id, png);
    expect(started.status).toBe(201);
    expect(started.body.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'image/png' } });
    expect(started.body.upload.url).toContain('X-Amz-Signature=');
    expect(started.body.upload.url).toContain('content-length%3Bcontent-type%3Bhost');
    // Nothing is recorded before the file is checked.
    const before = await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token });
    expect(before.body.items).toEqual([]);

    expect((await putTo(started.body.upload, png)).status).toBe(200);
    const done = await t.request('POST', `/api/books/${book.id}/media/${started.body.mediaId}/complete`, {
      token: owner.token,
      body: { alt: 'A gradient from red to green', caption: 'Dawn' },
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      id: started.body.mediaId,
      kind: 'image',
      contentType: 'image/png',
      bytes: png.length,
      width: 64,
      height: 48,
      alt: 'A gradient from red to green',
      caption: 'Dawn',
      credit: null,
      uploadedBy: owner.user.id,
    });
    // The checked bytes sit where the exporter reads them; the staging copy is gone.
    expect(await objectExists(t, mediaObjectKeys.media(book.id, done.body.id))).toBe(true);
    expect(await objectExists(t, uploadStagingKey(book.id, done.body.id))).toBe(false);

    const list = await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token });
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([done.body.id]);

    const content = await t.app.request(done.body.contentUrl, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(content.status).toBe(302);
    const image = await fetch(content.headers.get('location')!);
    expect(image.status).toBe(200);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(new Uint8Array(png));

    const forImg = await t.request('GET', `${done.body.contentUrl.replace(/content$/, 'url')}`, {
      token: owner.token,
    });
    expect(forImg.status).toBe(200);
    expect(forImg.body.url.split('?')[0]).toBe(content.headers.get('location')!.split('?')[0]);
    expect((await fetch(forImg.body.url)).status).toBe(200);

    // Completing twice records nothing new.
    const again = await t.request('POST', `/api/books/${book.id}/media/${done.body.id}/complete`, {
      token: owner.token,
      body: { alt: 'x' },
    });
    expect(again.status).toBe(404);
  });

  it('refuses a text file declared as PNG with not_an_image and leaves nothing behind', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const text = new TextEncoder().encode('Dear reader, this is plain text pretending to be a picture.');
    const started = await startUpload(t, owner.token, book.id, text);
    expect((await putTo(started.body.upload, text)).status).toBe(200);
    expect(await objectExists(t, uploadStagingKey(book.id, started.body.mediaId))).toBe(true);

    const done = await t.request('POST', `/api/books/${book.id}/media/${started.body.mediaId}/complete`, {
      token: owner.token,
      body: { alt: 'Nothing' },
    });
    expect(done.status).toBe(422);
    expect(done.body.error.code).toBe('not_an_image');
    expect(await objectExists(t, uploadStagingKey(book.id, started.body.mediaId))).toBe(false);
    expect(await objectExists(t, mediaObjectKeys.media(book.id, started.body.mediaId))).toBe(false);
    expect(await getPendingUpload(t.deps, book.id, started.body.mediaId)).toBeNull();
    const list = await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token });
    expect(list.body.items).toEqual([]);
  });

  it('names the field for bad declarations and missing alt text', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const oversize = await t.request('POST', `/api/books/${book.id}/media`, {
      token: owner.token,
      body: { kind: 'image', contentType: 'image/png', bytes: 10 * 1024 * 1024 + 1 },
    });
    expect(oversize.status).toBe(400);
    expect(oversize.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('bytes');
    const gif = await t.request('POST', `/api/books/${book.id}/media`, {
      token: owner.token,
      body: { kind: 'image', contentType: 'image/gif', bytes: 10 },
    });
    expect(gif.status).toBe(400);
    // A cover may be twice as large as an image.
    const bigCover = await t.request('POST', `/api/books/${book.id}/media`, {
      token: owner.token,
      body: { kind: 'cover', contentType: 'image/jpeg', bytes: 15 * 1024 * 1024 },
    });
    expect(bigCover.status).toBe(201);

    const png = gradientPng(8, 8);
    const started = await startUpload(t, owner.token, book.id, png);
    await putTo(started.body.upload, png);
    const noAlt = await t.request('POST', `/api/books/${book.id}/media/${started.body.mediaId}/complete`, {
      token: owner.token,
      body: {},
    });
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.error.details.issues[0].path).toBe('alt');
  });

  it('hides the library from non-members (404) and keeps readers without edit rights out of writes (403)', async () => {
    const owner = await signedInUser(t);
    const stranger = await signedInUser(t);
    const reviewer = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, reviewer.user.id, 'reviewer');
    const done = await uploadAndComplete(t, owner.token, book.id, gradientPng(16, 16));
    const png = gradientPng(4, 4);

    expect((await startUpload(t, stranger.token, book.id, png)).status).toBe(404);
    expect((await t.request('GET', `/api/books/${book.id}/media`, { token: stranger.token })).status).toBe(
      404,
    );
    expect(
      (await t.app.request(done.body.contentUrl, { headers: { authorization: `Bearer ${stranger.token}` } }))
        .status,
    ).toBe(404);

    expect((await startUpload(t, reviewer.token, book.id, png)).status).toBe(403);
    expect((await startUpload(t, reviewer.token, book.id, png, 'cover')).status).toBe(403);
    const path = `/api/books/${book.id}/media/${done.body.id}`;
    expect((await t.request('PATCH', path, { token: reviewer.token, body: { alt: 'mine' } })).status).toBe(
      403,
    );
    expect((await t.request('DELETE', path, { token: reviewer.token })).status).toBe(403);
    // Reading is fine for a reviewer.
    expect(
      (await t.request('GET', `/api/books/${book.id}/media`, { token: reviewer.token })).body.items,
    ).toHaveLength(1);
    expect(
      (await t.app.request(done.body.contentUrl, { headers: { authorization: `Bearer ${reviewer.token}` } }))
        .status,
    ).toBe(302);
  });

  it('edits alt text, caption and credit, and deletes the record with its file', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const done = await uploadAndComplete(t, owner.token, book.id, gradientPng(16, 16));
    const path = `/api/books/${book.id}/media/${done.body.id}`;

    const edited = await t.request('PATCH', path, {
      token: owner.token,
      body: { alt: 'A square of colour', caption: null, credit: 'Galley' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ alt: 'A square of colour', caption: null, credit: 'Galley' });
    expect((await t.request('PATCH', path, { token: owner.token, body: { alt: '' } })).status).toBe(400);
    expect(
      (await t.request('PATCH', path, { token: owner.token, body: { alt: 'x'.repeat(1001) } })).status,
    ).toBe(400);

    expect((await t.request('DELETE', path, { token: owner.token })).status).toBe(204);
    expect(await objectExists(t, mediaObjectKeys.media(book.id, done.body.id))).toBe(false);
    expect(
      (await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token })).body.items,
    ).toEqual([]);
    expect((await t.request('DELETE', path, { token: owner.token })).status).toBe(404);
  });

  it('pages through a library with a bounded limit', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    for (let i = 0; i < 3; i++) await uploadAndComplete(t, owner.token, book.id, gradientPng(4 + i, 4));
    const first = await t.request('GET', `/api/books/${book.id}/media?limit=2`, { token: owner.token });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.request(
      'GET',
      `/api/books/${book.id}/media?limit=2&cursor=${first.body.nextCursor}`,
      {
        token: owner.token,
      },
    );
    expect(second.body.items.map((m: { width: number }) => m.width)).toEqual([4]);
    expect(
      (await t.request('GET', `/api/books/${book.id}/media?limit=1000`, { token: owner.token })).status,
    ).toBe(400);
  });

  it('a cover replaces the previous one, and validation reads its size', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const problems = async () =>
      (await t.request('GET', `/api/books/${book.id}/validation`, { token: owner.token })).body.problems
        .filter((p: { where: { field?: string } }) => p.where.field === 'cover')
        .map((p: { code: string }) => p.code);
    expect(await problems()).toEqual(['cover_missing']);

    const small = await uploadAndComplete(t, owner.token, book.id, gradientPng(400, 600), 'cover');
    expect(small.status).toBe(201);
    expect(small.body).toMatchObject({ kind: 'cover', width: 400, height: 600 });
    expect(await problems()).toEqual(['cover_too_small']);

    const large = await uploadAndComplete(t, owner.token, book.id, gradientPng(1400, 1400), 'cover');
    expect(large.status).toBe(201);
    expect(await problems()).toEqual([]);
    const covers = await t.request('GET', `/api/books/${book.id}/media?kind=cover`, { token: owner.token });
    expect(covers.body.items.map((m: { id: string }) => m.id)).toEqual([large.body.id]);
    expect(await objectExists(t, mediaObjectKeys.media(book.id, small.body.id))).toBe(false);

    expect(
      (await t.request('DELETE', `/api/books/${book.id}/media/${large.body.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
    expect(await problems()).toEqual(['cover_missing']);
  });
});

describe('media library: ids chosen by the client (images placed in a chapter offline)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('records the item under the chosen id, restarts it for its owner, and answers 409 media_exists once recorded', async () => {
    const owner = await signedInUser(t);
    const coAuthor = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    const png = gradientPng(20, 10);
    const mediaId = '01KBQ4W5Z6XTESTC11ENT1D000';
    const start = (token: string, id: string = mediaId) =>
      t.request('POST', `/api/books/${book.id}/media`, {
        token,
        body: { mediaId: id, kind: 'image', contentType: 'image/png', bytes: png.length },
      });

    const first = await start(owner.token);
    expect(first.status).toBe(201);
    expect(first.body.mediaId).toBe(mediaId);
    // The answer was lost: the same person starts again and gets a fresh URL for the same id.
    const again = await start(owner.token);
    expect(again.status).toBe(201);
    expect(again.body.mediaId).toBe(mediaId);
    // Another writer of the book cannot take the open upload over.
    const taken = await start(coAuthor.token);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');

    expect((await putTo(again.body.upload, png)).status).toBe(200);
    const done = await t.request('POST', `/api/books/${book.id}/media/${mediaId}/complete`, {
      token: owner.token,
      body: { alt: 'A small gradient' },
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ id: mediaId, width: 20, height: 10, alt: 'A small gradient' });
    expect(await objectExists(t, mediaObjectKeys.media(book.id, mediaId))).toBe(true);

    // A retry after the upload went through learns so, and changes nothing.
    const late = await start(owner.token);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'media_exists', details: { mediaId } });
    expect(await getPendingUpload(t.deps, book.id, mediaId)).toBeNull();
    const list = await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token });
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([mediaId]);
  });

  it('accepts only ULIDs as chosen ids, naming the field', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    for (const mediaId of ['../../cover', 'not-a-ulid-but-long-enough-id', '01kbq4w5z6xtestcl1ent1d000']) {
      const answer = await t.request('POST', `/api/books/${book.id}/media`, {
        token: owner.token,
        body: { mediaId, kind: 'image', contentType: 'image/png', bytes: 10 },
      });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body.error)).toContain('mediaId');
    }
  });
});

describe('media library: presigned URLs at the app origin (S3_PUBLIC_URL=/s3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { S3_PUBLIC_URL: '/s3' } });
  });
  afterAll(() => t.close());

  /**
   * Sends a request to a URL on the app's origin through the whole app, as the browser would: with a
   * body, the browser sets content-length itself (an in-process Request does not).
   */
  const viaApp = (url: string, init: RequestInit) => {
    const body = init.body as Uint8Array | undefined;
    const headers = { ...(init.headers as Record<string, string>) };
    if (body) headers['content-length'] = String(body.length);
    return t.app.request(url, { ...init, headers });
  };

  it('signs for its own origin, checks each signature like S3 would, and forwards to s3rver', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const png = gradientPng(32, 32);
    const started = await startUpload(t, owner.token, book.id, png);
    const { url } = started.body.upload;
    expect(url.startsWith(`http://localhost/s3/${t.deps.env.S3_MEDIA_BUCKET}/uploads/${book.id}/`)).toBe(
      true,
    );

    // What the signature covers: content type, length, path, and the expiry.
    const wrongType = await viaApp(url, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg' },
      body: png,
    });
    expect(wrongType.status).toBe(403);
    const longer = new Uint8Array(png.length + 1);
    longer.set(png);
    const wrongLength = await viaApp(url, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: longer,
    });
    expect(wrongLength.status).toBe(403);
    const otherKey = url.replace(`/uploads/${book.id}/`, `/uploads/${book.id}x/`);
    expect(
      (await viaApp(otherKey, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png })).status,
    ).toBe(403);
    const unsigned = `http://localhost/s3/${t.deps.env.S3_MEDIA_BUCKET}/uploads/${book.id}/${started.body.mediaId}`;
    expect((await viaApp(unsigned, { method: 'GET' })).status).toBe(403);
    expect(
      (await viaApp(url.replace(t.deps.env.S3_MEDIA_BUCKET, 'other-bucket'), { method: 'GET' })).status,
    ).toBe(404);
    expect(await objectExists(t, uploadStagingKey(book.id, started.body.mediaId))).toBe(false);

    const put = await viaApp(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
    expect(put.status).toBe(200);
    const done = await t.request('POST', `/api/books/${book.id}/media/${started.body.mediaId}/complete`, {
      token: owner.token,
      body: { alt: 'Gradient' },
    });
    expect(done.status).toBe(201);

    const content = await viaApp(done.body.contentUrl, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    const location = content.headers.get('location')!;
    expect(location.startsWith('http://localhost/s3/')).toBe(true);
    const image = await viaApp(location, { method: 'GET' });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(new Uint8Array(png));
  });

  it('behind our load balancer, signs for and checks against the forwarded origin', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const png = gradientPng(8, 8);
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'galley.example' };
    const started = await t.request('POST', `/api/books/${book.id}/media`, {
      token: owner.token,
      headers: forwarded,
      body: { kind: 'image', contentType: 'image/png', bytes: png.length },
    });
    const { url } = started.body.upload;
    expect(url.startsWith('https://galley.example/s3/')).toBe(true);
    const put = (headers: Record<string, string>) =>
      viaApp(url, { method: 'PUT', headers: { 'content-type': 'image/png', ...headers }, body: png });
    // Sent to another host than the one signed: refused.
    expect((await put({ 'x-forwarded-host': 'elsewhere.example' })).status).toBe(403);
    expect((await put(forwarded)).status).toBe(200);
  });

  it('refuses an expired URL', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const png = gradientPng(8, 8);
    const started = await startUpload(t, owner.token, book.id, png);
    const url = new URL(started.body.upload.url);
    // Re-dated by an hour: the signature no longer matches, and the request is also past its expiry.
    url.searchParams.set('X-Amz-Date', '20200101T000000Z');
    const res = await viaApp(url.href, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('expired');
  });
});
