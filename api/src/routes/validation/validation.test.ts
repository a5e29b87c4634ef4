import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { putBookCover } from '../../export/bookMedia.ts';
import { gradientPng } from '../../export/sampleImages.ts';
import { chapterStorageFor } from '../../manuscripts/chapterDocs.ts';
import { chapterDoc, h, image, p } from '../../validation/testManuscript.ts';
import { buildBook } from '../books/bookTestKit.ts';

describe('GET /api/books/{id}/validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  /** Stores a chapter the way the sync server does: as an update in its log. */
  async function storeChapter(bookId: string, chapterId: string, doc: Y.Doc) {
    await chapterStorageFor(t.deps).append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc));
  }

  it('reads every stored chapter, the metadata and the cover, and locates each problem', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm', 'Calm', 'Empty'] });
    const [storm, calm] = book.chapters;
    await storeChapter(book.id, storm!.id, chapterDoc(h(1, 'Storm'), p('Rain on the lamp.')));
    await storeChapter(book.id, calm!.id, chapterDoc(p('The light.'), image('')));
    // The third chapter was never opened: nothing stored, so it is empty.
    await putBookCover(t.deps, book.id, gradientPng(400, 600), 'image/png');

    const res = await t.request('GET', `/api/books/${book.id}/validation`, { token: owner.token });
    expect(res.status).toBe(200);
    const located = res.body.problems.map((problem: { code: string; where: Record<string, unknown> }) => [
      problem.code,
      problem.where.kind === 'metadata'
        ? problem.where.field
        : (problem.where.chapterTitle ?? problem.where.kind),
      problem.where.position ?? null,
    ]);
    expect(located).toEqual([
      ['metadata_missing', 'language', null],
      ['metadata_missing', 'contributors', null],
      ['metadata_missing', 'description', null],
      ['metadata_missing', 'publisher', null],
      ['metadata_missing', 'rights', null],
      ['metadata_missing', 'subjects', null],
      ['metadata_missing', 'isbn', null],
      ['cover_too_small', 'cover', null],
      // p("The light.") spans 0..12; the image sits at 12.
      ['image_missing_alt', 'Calm', 12],
      ['chapter_empty', 'Empty', null],
    ]);
    expect(res.body).toMatchObject({ bookId: book.id, bookVersion: book.version, errors: 5, warnings: 5 });
  });

  it('is open to anyone who may read the book and a 404 for everyone else', async () => {
    const owner = await signedInUser(t);
    const stranger = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    const res = await t.request('GET', `/api/books/${book.id}/validation`, { token: stranger.token });
    expect(res.status).toBe(404);
    expect((await t.request('GET', `/api/books/${book.id}/validation`)).status).toBe(401);
  });
});
