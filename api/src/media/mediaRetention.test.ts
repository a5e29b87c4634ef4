import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { mediaObjectKeys } from '../export/bookMedia.ts';
import { manuscriptDoc, node, p, t as text } from '../export/manuscriptFixtures.ts';
import { gradientPng } from '../export/sampleImages.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { buildBook } from '../routes/books/bookTestKit.ts';
import { objectExists, uploadAndComplete } from '../routes/media/mediaTestKit.ts';
import { versionMediaOf } from '../versions/versionMedia.ts';
import { getVersionRecord, readVersionBook } from '../versions/versionStore.ts';

describe('media a version holds', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('keeps the bytes of the images and cover a version holds: deleting or replacing them only takes them out of the library', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Only'] });
    const upload = async (png: Uint8Array, kind: 'image' | 'cover', alt: string) => {
      const res = await uploadAndComplete(t, owner.token, book.id, png, kind, { alt, caption: 'Then' });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const lamp = await upload(gradientPng(16, 16, 1), 'image', 'A lamp');
    const unused = await upload(gradientPng(16, 16, 2), 'image', 'Never placed');
    const firstCover = await upload(gradientPng(60, 90, 3), 'cover', 'First cover');
    const chapter = manuscriptDoc([p(text('Dusk.')), node('image', { mediaId: lamp, alt: 'A lamp' })]);
    await chapterStorageFor(t.deps).append(
      chapterDocName(book.id, book.chapters[0]!.id),
      Y.encodeStateAsUpdate(chapter),
    );
    const taken = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'Proof' },
    });
    expect(taken.status).toBe(201);

    const media = (id: string) => `/api/books/${book.id}/media/${id}`;
    expect(
      (
        await t.request('PATCH', media(lamp), {
          token: owner.token,
          body: { alt: 'A new lamp', caption: null },
        })
      ).status,
    ).toBe(200);
    expect((await t.request('DELETE', media(lamp), { token: owner.token })).status).toBe(204);
    expect((await t.request('DELETE', media(unused), { token: owner.token })).status).toBe(204);
    const secondCover = await upload(gradientPng(80, 120, 4), 'cover', 'Second cover');

    // The library shows what the book has now…
    const library = await t.request('GET', `/api/books/${book.id}/media`, { token: owner.token });
    expect(library.body.items.map((m: { id: string }) => m.id)).toEqual([secondCover]);
    // …while the bytes the version holds stay, and only those.
    expect(await objectExists(t, mediaObjectKeys.media(book.id, lamp))).toBe(true);
    expect(await objectExists(t, mediaObjectKeys.media(book.id, firstCover))).toBe(true);
    expect(await objectExists(t, mediaObjectKeys.media(book.id, unused))).toBe(false);

    // The version holds the texts and facts as they were.
    const version = await getVersionRecord(t.deps, book.id, taken.body.id);
    const held = versionMediaOf(await readVersionBook(t.deps, version!));
    expect(held).toEqual({
      items: [
        expect.objectContaining({ id: lamp, kind: 'image', alt: 'A lamp', caption: 'Then', width: 16 }),
      ],
      cover: expect.objectContaining({
        id: firstCover,
        kind: 'cover',
        alt: 'First cover',
        width: 60,
        height: 90,
      }),
    });

    // An id whose bytes a version holds never takes other bytes (a client re-using a chosen id).
    const again = await t.request('POST', `/api/books/${book.id}/media`, {
      token: owner.token,
      body: { kind: 'image', contentType: 'image/png', bytes: 100, mediaId: lamp },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('media_exists');
  });

  it('holds nothing the library no longer has when the version is taken', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Only'] });
    const res = await uploadAndComplete(t, owner.token, book.id, gradientPng(16, 16, 5), 'image', {
      alt: 'Gone',
    });
    const gone = res.body.id as string;
    const chapter = manuscriptDoc([node('image', { mediaId: gone, alt: 'Gone' })]);
    await chapterStorageFor(t.deps).append(
      chapterDocName(book.id, book.chapters[0]!.id),
      Y.encodeStateAsUpdate(chapter),
    );
    expect(
      (await t.request('DELETE', `/api/books/${book.id}/media/${gone}`, { token: owner.token })).status,
    ).toBe(204);
    const taken = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'After' },
    });
    const version = await getVersionRecord(t.deps, book.id, taken.body.id);
    expect(versionMediaOf(await readVersionBook(t.deps, version!))).toEqual({ items: [], cover: null });
    expect(await objectExists(t, mediaObjectKeys.media(book.id, gone))).toBe(false);
  });
});
