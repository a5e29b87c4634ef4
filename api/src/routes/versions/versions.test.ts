import { chapterDocName } from '@galley/shared/sync/protocol';
import {
  addRanges,
  type DeletedRanges,
  encodeDeletedRanges,
} from '@galley/sync-server/storage/deletedRanges';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { chapterStorageFor, loadChapterDoc } from '../../manuscripts/chapterDocs.ts';
import { chapterDoc, h, p } from '../../validation/testManuscript.ts';
import { buildBook, putMember } from '../books/bookTestKit.ts';

describe('book versions: take, list, open, compare, restore', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const storage = () => chapterStorageFor(t.deps);

  /**
   * Stores an editor's change the way the sync server does (an update appended to the chapter's log)
   * and records which user that editor's Yjs client is and what their change deleted, as the sync
   * server's client → user rows and deletion records do.
   */
  async function storeEdit(bookId: string, chapterId: string, userId: string, edit: (doc: Y.Doc) => void) {
    const docName = chapterDocName(bookId, chapterId);
    const doc = await loadChapterDoc(storage(), bookId, chapterId);
    const updates: Uint8Array[] = [];
    const deleted: DeletedRanges = new Map();
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.on('afterTransaction', (tr: Y.Transaction) => addRanges(deleted, tr.deleteSet.clients));
    edit(doc);
    await storage().recordAuthors(docName, userId, [doc.clientID]);
    await storage().recordDeletions!(docName, userId, encodeDeletedRanges(deleted));
    for (const update of updates) await storage().append(docName, update);
  }

  async function storeChapter(bookId: string, chapterId: string, userId: string, doc: Y.Doc) {
    const docName = chapterDocName(bookId, chapterId);
    await storage().recordAuthors(docName, userId, [doc.clientID]);
    await storage().append(docName, Y.encodeStateAsUpdate(doc));
  }

  const paragraphText = (doc: Y.Doc, index: number) =>
    (doc.getXmlFragment('default').get(index) as Y.XmlElement).get(0) as Y.XmlText;

  async function chapterText(bookId: string, chapterId: string): Promise<string> {
    const doc = await loadChapterDoc(storage(), bookId, chapterId);
    return doc
      .getXmlFragment('default')
      .toArray()
      .map((node) => (node instanceof Y.XmlElement ? node.toArray().map(String).join('') : ''))
      .join('\n');
  }

  /** A book with two stored chapters, an owner and a co-author who edits after the first version. */
  async function bookWithHistory() {
    const owner = await signedInUser(t, { displayName: 'Olive Owner' });
    const coAuthor = await signedInUser(t, { displayName: 'Cody Co-author' });
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm', 'Calm'] });
    await putMember(t, book.id, coAuthor.user.id, 'co_author');
    const storm = book.chapters[0]!;
    const calm = book.chapters[1]!;
    await storeChapter(
      book.id,
      storm.id,
      owner.user.id,
      chapterDoc(h(1, 'Storm'), p('The rain fell on the lamp.')),
    );
    await storeChapter(book.id, calm.id, owner.user.id, chapterDoc(p('Calm water.')));
    return { owner, coAuthor, book, storm, calm };
  }

  const take = (bookId: string, token: string, name: string) =>
    t.request('POST', `/api/books/${bookId}/versions`, { token, body: { name } });

  it('compares two versions per chapter: inserted and deleted words, and who inserted and deleted them', async () => {
    const { owner, coAuthor, book, storm, calm } = await bookWithHistory();
    const first = await take(book.id, owner.token, 'Sent to copyedit');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'Sent to copyedit',
      automatic: false,
      createdBy: owner.user.id,
    });
    expect(first.body.chapters.map((c: { title: string }) => c.title)).toEqual(['Storm', 'Calm']);
    expect(first.body.chapters.every((c: { bytes: number }) => c.bytes > 10)).toBe(true);

    await storeEdit(book.id, storm.id, coAuthor.user.id, (doc) => {
      paragraphText(doc, 1).delete(4, 5); // "rain "
      paragraphText(doc, 1).insert(4, 'snow ');
    });
    const second = await take(book.id, coAuthor.token, 'Copyedited');
    expect(second.status).toBe(201);

    const res = await t.request(
      'GET',
      `/api/books/${book.id}/versions/compare?from=${first.body.id}&to=${second.body.id}`,
      { token: owner.token },
    );
    expect(res.status).toBe(200);
    const [stormDiff, calmDiff] = res.body.chapters;
    expect(stormDiff).toMatchObject({
      chapterId: storm.id,
      status: 'changed',
      insertions: [{ text: 'snow ', by: coAuthor.user.id }],
      deletions: [{ text: 'rain ', by: coAuthor.user.id }],
    });
    expect(calmDiff).toMatchObject({
      chapterId: calm.id,
      status: 'unchanged',
      insertions: [],
      deletions: [],
    });
    expect(res.body.people).toEqual([{ id: coAuthor.user.id, name: 'Cody Co-author' }]);

    // The same against the book as it is now; and reading it backwards mirrors it.
    const now = await t.request(
      'GET',
      `/api/books/${book.id}/versions/compare?from=${first.body.id}&to=current`,
      {
        token: owner.token,
      },
    );
    expect(now.body.chapters[0].insertions).toEqual([{ text: 'snow ', by: coAuthor.user.id }]);
    const back = await t.request(
      'GET',
      `/api/books/${book.id}/versions/compare?from=current&to=${first.body.id}`,
      { token: owner.token },
    );
    expect(back.body.chapters[0].insertions.map((r: { text: string }) => r.text)).toEqual(['rain ']);
    // Backwards, "snow " goes because the first version never had it: nobody deleted it.
    expect(back.body.chapters[0].deletions).toEqual([{ text: 'snow ', by: null }]);
  });

  it('lists versions newest first, page by page, and opens one read-only', async () => {
    const { owner, book, storm } = await bookWithHistory();
    const first = await take(book.id, owner.token, 'One');
    await storeEdit(book.id, storm.id, owner.user.id, (doc) => paragraphText(doc, 1).insert(0, 'Then '));
    await take(book.id, owner.token, 'Two');
    const page1 = await t.request('GET', `/api/books/${book.id}/versions?limit=1`, { token: owner.token });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((v: { name: string }) => v.name)).toEqual(['Two']);
    const page2 = await t.request(
      'GET',
      `/api/books/${book.id}/versions?limit=1&cursor=${page1.body.nextCursor}`,
      { token: owner.token },
    );
    expect(page2.body.items.map((v: { name: string }) => v.name)).toEqual(['One']);

    const opened = await t.request('GET', `/api/books/${book.id}/versions/${first.body.id}`, {
      token: owner.token,
    });
    expect(opened.status).toBe(200);
    expect(opened.body.book.title).toBe(book.title);
    expect(opened.body.contents[0]).toEqual({
      chapterId: storm.id,
      title: 'Storm',
      content: {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Storm' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'The rain fell on the lamp.' }] },
        ],
      },
    });
  });

  it('restores a chapter as a new log entry, keeping the history, and says so when nothing differs', async () => {
    const { owner, coAuthor, book, storm, calm } = await bookWithHistory();
    const first = await take(book.id, owner.token, 'Before the rewrite');
    await storeEdit(book.id, storm.id, coAuthor.user.id, (doc) => {
      paragraphText(doc, 1).delete(0, paragraphText(doc, 1).length);
      paragraphText(doc, 1).insert(0, 'Nothing fell.');
    });
    const rewritten = await take(book.id, coAuthor.token, 'Rewritten');
    const docName = chapterDocName(book.id, storm.id);
    const entriesBefore = (await storage().load(docName)).lastSeq;

    const res = await t.request('POST', `/api/books/${book.id}/versions/${first.body.id}/restore`, {
      token: coAuthor.token,
      body: { chapterId: storm.id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      versionId: first.body.id,
      chapters: [{ chapterId: storm.id, outcome: 'restored', seq: entriesBefore + 1 }],
      missingChapters: [],
      recreatedChapters: [],
      keptChapters: [],
    });
    expect(await chapterText(book.id, storm.id)).toBe('Storm\nThe rain fell on the lamp.');
    // History kept: every earlier entry is still in the log, the restore is one more.
    const loaded = await storage().load(docName);
    expect(loaded.snapshot).toBeNull();
    expect(loaded.updates).toHaveLength(entriesBefore + 1);
    // The restored text is a change like any other, written by whoever restored it.
    const diff = await t.request(
      'GET',
      `/api/books/${book.id}/versions/compare?from=${first.body.id}&to=current`,
      {
        token: owner.token,
      },
    );
    expect(diff.body.chapters[0].insertions).toEqual([
      { text: 'The rain fell on the lamp.', by: coAuthor.user.id },
    ]);
    expect(diff.body.chapters[0].deletions).toEqual([
      { text: 'The rain fell on the lamp.', by: coAuthor.user.id },
    ]);
    // What the restore replaced is deleted by whoever restored it.
    const undone = await t.request(
      'GET',
      `/api/books/${book.id}/versions/compare?from=${rewritten.body.id}&to=current`,
      { token: owner.token },
    );
    expect(undone.body.chapters[0].deletions).toEqual([{ text: 'Nothing fell.', by: coAuthor.user.id }]);

    const current = await t.request('GET', `/api/books/${book.id}`, { token: owner.token });
    const whole = await t.request('POST', `/api/books/${book.id}/versions/${first.body.id}/restore`, {
      token: owner.token,
      body: { version: current.body.version },
    });
    expect(whole.body.chapters).toEqual([
      { chapterId: storm.id, outcome: 'unchanged', seq: null },
      { chapterId: calm.id, outcome: 'unchanged', seq: null },
    ]);
    expect((await storage().load(docName)).lastSeq).toBe(entriesBefore + 1);
  });

  it('lets readers list, open and compare; only writers take and restore; outsiders get 404', async () => {
    const { owner, book } = await bookWithHistory();
    const reviewer = await signedInUser(t, { roles: ['editor'] });
    const outsider = await signedInUser(t);
    await putMember(t, book.id, reviewer.user.id, 'reviewer');
    const version = await take(book.id, owner.token, 'Draft');
    const base = `/api/books/${book.id}/versions`;
    const reads = [base, `${base}/${version.body.id}`, `${base}/compare?from=${version.body.id}&to=current`];
    for (const path of reads) {
      expect((await t.request('GET', path, { token: reviewer.token })).status, path).toBe(200);
      expect((await t.request('GET', path, { token: outsider.token })).status, path).toBe(404);
      expect((await t.request('GET', path)).status, path).toBe(401);
    }
    expect((await take(book.id, reviewer.token, 'Mine')).status).toBe(403);
    expect((await take(book.id, outsider.token, 'Mine')).status).toBe(404);
    const restore = (token: string) =>
      t.request('POST', `${base}/${version.body.id}/restore`, { token, body: {} });
    expect((await restore(reviewer.token)).status).toBe(403);
    expect((await restore(outsider.token)).status).toBe(404);
    const list = await t.request('GET', base, { token: owner.token });
    expect(list.body.items.map((v: { name: string }) => v.name)).toEqual(['Draft']);
  });

  it('rejects bad input with the field named, and unknown versions with 404', async () => {
    const { owner, book, storm } = await bookWithHistory();
    const base = `/api/books/${book.id}/versions`;
    for (const name of ['x'.repeat(121), '   ']) {
      const res = await take(book.id, owner.token, name);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe('name');
    }
    const unknown = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
    expect((await t.request('GET', `${base}/${unknown}`, { token: owner.token })).status).toBe(404);
    const compare = await t.request('GET', `${base}/compare?from=${unknown}&to=current`, {
      token: owner.token,
    });
    expect(compare.status).toBe(404);
    const badRef = await t.request('GET', `${base}/compare?from=latest!&to=current`, { token: owner.token });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.details.issues[0].path).toBe('from');
    const restore = await t.request('POST', `${base}/${unknown}/restore`, {
      token: owner.token,
      body: { chapterId: storm.id },
    });
    expect(restore.status).toBe(404);
    expect((await t.request('GET', base, { token: owner.token })).body.items).toEqual([]);
  });
});
