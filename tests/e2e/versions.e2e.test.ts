import { chapterStorageFor, loadChapterDoc } from '@galley/api/manuscripts/chapterDocs';
import { chapterDoc, h, p } from '@galley/api/validation/testManuscript';
import { chapterDocName } from '@galley/shared/sync/protocol';
import {
  addRanges,
  type DeletedRanges,
  encodeDeletedRanges,
} from '@galley/sync-server/storage/deletedRanges';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { browserSuite, callApi, registerUser, signInThroughForm } from './support/browserKit.ts';

const suite = browserSuite();

describe('versions page', () => {
  it('compares a version with the book now, naming who inserted and deleted, and restores the chapter', async () => {
    const author = await registerUser(suite.server.url, 'Author');
    const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'Salt Road',
      chapters: [{ title: 'Dawn' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const chapterId: string = created.body.chapters[0].id;
    const me = await callApi(suite.server.url, author.token, 'GET', '/api/me');
    const storage = chapterStorageFor(suite.server.deps);
    const docName = chapterDocName(bookId, chapterId);
    const first = chapterDoc(h(1, 'Dawn'), p('The rain fell on the road.'));
    await storage.recordAuthors(docName, me.body.id, [first.clientID]);
    await storage.append(docName, Y.encodeStateAsUpdate(first));
    const version = await callApi(suite.server.url, author.token, 'POST', `/api/books/${bookId}/versions`, {
      name: 'First draft',
    });
    expect(version.status).toBe(201);
    // The author edits afterwards (as the sync server would store it): "rain" becomes "snow".
    const editor = await loadChapterDoc(storage, bookId, chapterId);
    const updates: Uint8Array[] = [];
    const deleted: DeletedRanges = new Map();
    editor.on('update', (u: Uint8Array) => updates.push(u));
    editor.on('afterTransaction', (tr: Y.Transaction) => addRanges(deleted, tr.deleteSet.clients));
    const text = (editor.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text.delete(4, 4);
    text.insert(4, 'snow');
    await storage.recordAuthors(docName, me.body.id, [editor.clientID]);
    await storage.recordDeletions!(docName, me.body.id, encodeDeletedRanges(deleted));
    for (const u of updates) await storage.append(docName, u);

    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}/versions`);
    await page.getByRole('heading', { name: 'Versions of Salt Road' }).waitFor();
    await page.getByText('First draft').first().waitFor();
    await page.getByRole('button', { name: 'Compare' }).click();
    const inserted = page.locator('ins', { hasText: 'snow' });
    await inserted.waitFor();
    expect(await inserted.getAttribute('title')).toBe('Inserted by Author');
    const removed = page.locator('del', { hasText: 'rain' });
    await removed.waitFor();
    expect(await removed.getAttribute('title')).toBe('Deleted by Author');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Restore this chapter from “First draft”' }).click();
    await page.getByText('Restored 1 chapter from “First draft”.').waitFor();
    const restored = await loadChapterDoc(storage, bookId, chapterId);
    expect(String((restored.getXmlFragment('default').get(1) as Y.XmlElement).get(0))).toBe(
      'The rain fell on the road.',
    );
    await context.close();
  });
});
