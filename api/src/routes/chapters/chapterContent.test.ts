import { chapterDocName, DocRoots } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { chapterStorageFor } from '../../manuscripts/chapterDocs.ts';
import { chapterDoc, p } from '../../validation/testManuscript.ts';
import { buildBook, putMember } from '../books/bookTestKit.ts';

describe('GET /api/books/{id}/chapters/{chapterId}/content', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const fetchContent = (path: string, token?: string) =>
    t.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers a reader with the stored document as one Yjs update that merges into a local copy', async () => {
    const owner = await signedInUser(t);
    const reviewer = await signedInUser(t);
    const book = await buildBook(t, owner.user.id, { chapters: ['Storm'] });
    await putMember(t, book.id, reviewer.user.id, 'reviewer');
    const chapterId = book.chapters[0]!.id;
    const storage = chapterStorageFor(t.deps);
    const name = chapterDocName(book.id, chapterId);
    await storage.append(name, Y.encodeStateAsUpdate(chapterDoc(p('Rain on the lamp.'))));

    const res = await fetchContent(`/api/books/${book.id}/chapters/${chapterId}/content`, reviewer.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.yjs.update');
    const local = new Y.Doc();
    Y.applyUpdate(local, new Uint8Array(await res.arrayBuffer()));
    expect(local.getXmlFragment(DocRoots.text).toString()).toBe('<paragraph>Rain on the lamp.</paragraph>');
  });

  it('is a 404 for chapters of other books, for outsiders, and an empty document for a chapter never written', async () => {
    const owner = await signedInUser(t);
    const stranger = await signedInUser(t);
    const mine = await buildBook(t, owner.user.id, { chapters: ['One'] });
    const other = await buildBook(t, stranger.user.id, { chapters: ['Secret'] });
    const secret = other.chapters[0]!.id;
    expect((await fetchContent(`/api/books/${mine.id}/chapters/${secret}/content`, owner.token)).status).toBe(
      404,
    );
    expect(
      (await fetchContent(`/api/books/${other.id}/chapters/${secret}/content`, owner.token)).status,
    ).toBe(404);
    const fresh = await fetchContent(
      `/api/books/${mine.id}/chapters/${mine.chapters[0]!.id}/content`,
      owner.token,
    );
    expect(fresh.status).toBe(200);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await fresh.arrayBuffer()));
    expect(doc.getXmlFragment(DocRoots.text).length).toBe(0);
  });
});
