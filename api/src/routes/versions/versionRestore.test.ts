import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { listBookOutbox } from '../../events/outboxStore.ts';
import { chapterStorageFor, loadChapterDoc } from '../../manuscripts/chapterDocs.ts';
import { chapterDoc, h, p } from '../../validation/testManuscript.ts';
import { buildBook, ifMatch, putMember } from '../books/bookTestKit.ts';

/** Whole-book restore (metadata, chapter list, text), one restore at a time, and who may restore. */
describe('restoring a book from a version', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const storage = () => chapterStorageFor(t.deps);

  async function storeText(bookId: string, chapterId: string, userId: string, doc: Y.Doc) {
    const docName = chapterDocName(bookId, chapterId);
    await storage().recordAuthors(docName, userId, [doc.clientID]);
    await storage().append(docName, Y.encodeStateAsUpdate(doc));
  }

  /** Replaces a chapter's text the way an editor's change reaches the log: one more update. */
  async function rewrite(bookId: string, chapterId: string, userId: string, text: string) {
    const doc = await loadChapterDoc(storage(), bookId, chapterId);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const fragment = doc.getXmlFragment('default');
    fragment.delete(0, fragment.length);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.insert(0, [paragraph]);
    await storage().recordAuthors(chapterDocName(bookId, chapterId), userId, [doc.clientID]);
    for (const update of updates) await storage().append(chapterDocName(bookId, chapterId), update);
  }

  async function textOf(bookId: string, chapterId: string): Promise<string> {
    const doc = await loadChapterDoc(storage(), bookId, chapterId);
    return doc
      .getXmlFragment('default')
      .toArray()
      .map((node) => (node instanceof Y.XmlElement ? node.toArray().map(String).join('') : ''))
      .join('\n');
  }

  const getBook = async (bookId: string, token: string) =>
    (await t.request('GET', `/api/books/${bookId}`, { token })).body;

  /** Three chapters with text and full metadata, and a version of it all. */
  async function versionedBook() {
    const owner = await signedInUser(t, { displayName: 'Olive Owner' });
    const book = await buildBook(t, owner.user.id, {
      title: 'The Lamp',
      chapters: ['Storm', 'Calm', 'Dawn'],
    });
    const [storm, calm, dawn] = [book.chapters[0]!, book.chapters[1]!, book.chapters[2]!];
    await storeText(book.id, storm.id, owner.user.id, chapterDoc(h(1, 'Storm'), p('The rain fell.')));
    await storeText(book.id, calm.id, owner.user.id, chapterDoc(p('Calm water.')));
    await storeText(book.id, dawn.id, owner.user.id, chapterDoc(p('The sun rose.')));
    const withMetadata = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(book.version),
      body: {
        subtitle: 'A novel',
        contributors: [{ name: 'Ada Author', role: 'aut' }],
        keywords: ['lamps'],
        description: 'Rain, then calm.',
      },
    });
    expect(withMetadata.status).toBe(200);
    const version = await t.request('POST', `/api/books/${book.id}/versions`, {
      token: owner.token,
      body: { name: 'Sent to copyedit' },
    });
    expect(version.status).toBe(201);
    return { owner, book, storm, calm, dawn, versionId: version.body.id as string };
  }

  it('brings back the metadata, the chapter list and every text as a new change, keeping chapters added since', async () => {
    const { owner, book, storm, calm, dawn, versionId } = await versionedBook();
    // After the version: metadata changed, a chapter renamed and made a part, the order changed,
    // one chapter deleted, one added, and text rewritten.
    let now = await getBook(book.id, owner.token);
    const patched = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(now.version),
      body: {
        title: 'The Candle',
        subtitle: null,
        contributors: [],
        keywords: ['candles'],
        isbn: '9780306406157',
      },
    });
    expect(patched.status).toBe(200);
    now = await getBook(book.id, owner.token);
    const calmNow = now.chapters.find((c: { id: string }) => c.id === calm.id);
    const renamed = await t.request('PATCH', `/api/books/${book.id}/chapters/${calm.id}`, {
      token: owner.token,
      body: { title: 'Stillness', kind: 'part', version: calmNow.version },
    });
    expect(renamed.status).toBe(200);
    expect(
      (await t.request('DELETE', `/api/books/${book.id}/chapters/${dawn.id}`, { token: owner.token })).status,
    ).toBe(200);
    const added = await t.request('POST', `/api/books/${book.id}/chapters`, {
      token: owner.token,
      body: { title: 'Epilogue' },
    });
    expect(added.status).toBe(201);
    const epilogueId = added.body.chapter.id as string;
    now = await getBook(book.id, owner.token);
    const reordered = await t.request('PUT', `/api/books/${book.id}/chapters/order`, {
      token: owner.token,
      headers: ifMatch(now.version),
      body: { chapterIds: [epilogueId, calm.id, storm.id] },
    });
    expect(reordered.status).toBe(200);
    await rewrite(book.id, storm.id, owner.user.id, 'Nothing fell.');
    const stormLog = (await storage().load(chapterDocName(book.id, storm.id))).lastSeq;

    const restorePath = `/api/books/${book.id}/versions/${versionId}/restore`;
    const withoutVersion = await t.request('POST', restorePath, { token: owner.token, body: {} });
    expect(withoutVersion.status).toBe(428);
    expect(withoutVersion.body.error.code).toBe('precondition_required');

    const before = await getBook(book.id, owner.token);
    const res = await t.request('POST', restorePath, {
      token: owner.token,
      headers: ifMatch(before.version),
      body: {},
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${before.version + 1}"`);
    expect(res.body.recreatedChapters).toEqual([dawn.id]);
    expect(res.body.keptChapters).toEqual([epilogueId]);
    expect(res.body.missingChapters).toEqual([]);
    const outcomes = Object.fromEntries(
      res.body.chapters.map((c: { chapterId: string; outcome: string }) => [c.chapterId, c.outcome]),
    );
    expect(outcomes).toEqual({ [storm.id]: 'restored', [calm.id]: 'unchanged', [dawn.id]: 'unchanged' });

    const after = await getBook(book.id, owner.token);
    expect(res.body.book).toEqual(after);
    expect(after.version).toBe(before.version + 1);
    expect(after).toMatchObject({
      title: 'The Lamp',
      subtitle: 'A novel',
      contributors: [{ name: 'Ada Author', role: 'aut' }],
      keywords: ['lamps'],
      description: 'Rain, then calm.',
      isbn: null,
    });
    expect(
      after.chapters.map((c: { id: string; title: string; kind: string; order: number }) => [
        c.id,
        c.title,
        c.kind,
        c.order,
      ]),
    ).toEqual([
      [storm.id, 'Storm', 'chapter', 1],
      [calm.id, 'Calm', 'chapter', 2],
      [dawn.id, 'Dawn', 'chapter', 3],
      [epilogueId, 'Epilogue', 'chapter', 4],
    ]);
    // Texts: the rewritten one is back as one more log entry; the deleted chapter has its text again.
    expect(await textOf(book.id, storm.id)).toBe('Storm\nThe rain fell.');
    expect((await storage().load(chapterDocName(book.id, storm.id))).lastSeq).toBe(stormLog + 1);
    expect(await textOf(book.id, dawn.id)).toBe('The sun rose.');

    const events = (await listBookOutbox(t.deps, book.id)).map((r) => r.event);
    const restoreUpdate = events.filter((e) => e.type === 'book.updated').at(-1);
    expect(restoreUpdate).toMatchObject({
      actorId: owner.user.id,
      subject: { versionId },
      data: { restoredFrom: versionId, version: before.version + 1, title: 'The Lamp' },
    });
    expect(restoreUpdate?.data.fields).toEqual(expect.arrayContaining(['title', 'subtitle', 'isbn']));
    expect(events.at(-1)).toMatchObject({
      type: 'version.restored',
      subject: { versionId },
      data: { scope: 'book', chapterIds: [storm.id], recreatedChapters: [dawn.id], keptChapters: 1 },
    });
  });

  it('refuses a stale book version with 409 and the current book, writing nothing', async () => {
    const { owner, book, storm, versionId } = await versionedBook();
    const stale = (await getBook(book.id, owner.token)).version;
    const renamed = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(stale),
      body: { title: 'Changed meanwhile' },
    });
    expect(renamed.status).toBe(200);
    await rewrite(book.id, storm.id, owner.user.id, 'Nothing fell.');
    const logBefore = (await storage().load(chapterDocName(book.id, storm.id))).lastSeq;
    const eventsBefore = (await listBookOutbox(t.deps, book.id)).length;

    const res = await t.request('POST', `/api/books/${book.id}/versions/${versionId}/restore`, {
      token: owner.token,
      body: { version: stale },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.details.current).toMatchObject({ title: 'Changed meanwhile', version: stale + 1 });
    expect(await getBook(book.id, owner.token)).toMatchObject({
      title: 'Changed meanwhile',
      version: stale + 1,
    });
    expect(await textOf(book.id, storm.id)).toBe('Nothing fell.');
    expect((await storage().load(chapterDocName(book.id, storm.id))).lastSeq).toBe(logBefore);
    expect(await listBookOutbox(t.deps, book.id)).toHaveLength(eventsBefore);
  });

  it('runs one restore of a book at a time: of two at once, the second is 409 restore_in_progress', async () => {
    const { owner, book, storm, calm, dawn, versionId } = await versionedBook();
    for (const chapter of [storm, calm, dawn]) await rewrite(book.id, chapter.id, owner.user.id, 'Blank.');
    const version = (await getBook(book.id, owner.token)).version;
    const restore = () =>
      t.request('POST', `/api/books/${book.id}/versions/${versionId}/restore`, {
        token: owner.token,
        body: { version },
      });
    const [a, b] = await Promise.all([restore(), restore()]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(won.status).toBe(200);
    expect(lost.status).toBe(409);
    expect(lost.body.error.code).toBe('restore_in_progress');
    // The text is the version's once (two interleaved restores would each insert it), and the book
    // moved one version.
    expect(await textOf(book.id, storm.id)).toBe('Storm\nThe rain fell.');
    expect(await textOf(book.id, calm.id)).toBe('Calm water.');
    expect(await textOf(book.id, dawn.id)).toBe('The sun rose.');
    const after = await getBook(book.id, owner.token);
    expect(after.version).toBe(version + 1);
    const restored = (await listBookOutbox(t.deps, book.id)).filter(
      (r) => r.event.type === 'version.restored',
    );
    expect(restored).toHaveLength(1);

    // The lease is given back when a restore ends: the next one runs (and finds nothing to change).
    const again = await t.request('POST', `/api/books/${book.id}/versions/${versionId}/restore`, {
      token: owner.token,
      body: { version: after.version },
    });
    expect(again.status).toBe(200);
    expect(again.body.chapters.every((c: { outcome: string }) => c.outcome === 'unchanged')).toBe(true);
  });

  it('needs edit access to the chapters: writers set to comment or read get 403 and change nothing', async () => {
    const { owner, book, storm, versionId } = await versionedBook();
    const commenting = await signedInUser(t);
    const reading = await signedInUser(t);
    const editing = await signedInUser(t);
    await putMember(t, book.id, commenting.user.id, 'co_author', 'comment');
    await putMember(t, book.id, reading.user.id, 'co_author', 'read');
    await putMember(t, book.id, editing.user.id, 'co_author', 'edit');
    await rewrite(book.id, storm.id, owner.user.id, 'Nothing fell.');
    const path = `/api/books/${book.id}/versions/${versionId}/restore`;
    const version = (await getBook(book.id, owner.token)).version;
    for (const member of [commenting, reading]) {
      for (const body of [{ chapterId: storm.id }, { version }]) {
        const res = await t.request('POST', path, { token: member.token, body });
        expect(res.status, JSON.stringify(body)).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
    }
    expect(await textOf(book.id, storm.id)).toBe('Nothing fell.');
    expect((await getBook(book.id, owner.token)).version).toBe(version);

    const allowed = await t.request('POST', path, { token: editing.token, body: { chapterId: storm.id } });
    expect(allowed.status).toBe(200);
    expect(await textOf(book.id, storm.id)).toBe('Storm\nThe rain fell.');
  });
});
