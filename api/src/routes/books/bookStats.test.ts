import { BookStatsSchema } from '@galley/shared/api/bookStats';
import { chapterDocName, DocRoots } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { chapterStorageFor } from '../../manuscripts/chapterDocs.ts';
import { chapterDoc, footnote, h, p } from '../../validation/testManuscript.ts';
import { buildBook, putMember } from './bookTestKit.ts';

describe('GET /api/books/{id}/stats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  /** Stores a chapter the way the sync server does: as an update in its log. */
  async function storeChapter(bookId: string, chapterId: string, doc: Y.Doc) {
    await chapterStorageFor(t.deps).append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc));
  }

  it('counts the words of every stored chapter in reading order, and the book as their sum', async () => {
    const owner = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm', 'Calm', 'Never opened'] });
    const [storm, calm, unopened] = book.chapters;
    await storeChapter(book.id, storm!.id, chapterDoc(h(1, 'The storm'), p("It's a well-known lamp.")));
    const withComment = chapterDoc(p('Calm sea', footnote('a note of five words')));
    // Comment threads are conversation about the text, not the text: they do not count.
    withComment.getMap(DocRoots.comments).set('thread', 'many words that do not count here');
    await storeChapter(book.id, calm!.id, withComment);

    const res = await t.request('GET', `/api/books/${book.id}/stats`, { token: owner.token });
    expect(res.status).toBe(200);
    const stats = BookStatsSchema.parse(res.body);
    expect(stats.chapters).toEqual([
      { chapterId: storm!.id, words: 6, characters: 'The storm'.length + "It's a well-known lamp.".length },
      { chapterId: calm!.id, words: 2, characters: 'Calm sea'.length },
      { chapterId: unopened!.id, words: 0, characters: 0 },
    ]);
    expect(stats).toMatchObject({ bookId: book.id, bookVersion: book.version, words: 8 });
    expect(stats.characters).toBe(stats.chapters.reduce((sum, c) => sum + c.characters, 0));
  });

  it('is open to anyone who may read the book, and a 404 for everyone else', async () => {
    const owner = await signedInUser(t);
    const reader = await signedInUser(t);
    const stranger = await signedInUser(t);
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, reader.user.id, 'editor');
    await storeChapter(book.id, book.chapters[0]!.id, chapterDoc(p('Three small words')));

    const read = await t.request('GET', `/api/books/${book.id}/stats`, { token: reader.token });
    expect(read.status).toBe(200);
    expect(read.body.words).toBe(3);
    const hidden = await t.request('GET', `/api/books/${book.id}/stats`, { token: stranger.token });
    expect(hidden.status).toBe(404);
    expect((await t.request('GET', `/api/books/${book.id}/stats`)).status).toBe(401);
  });
});
