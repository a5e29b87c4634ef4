import { chapterStorageFor } from '@galley/api/manuscripts/chapterDocs';
import { searchServiceFor } from '@galley/api/search/searchService';
import { chapterDoc, h, p } from '@galley/api/validation/testManuscript';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { browserSuite, callApi, registerUser, signInThroughForm } from './support/browserKit.ts';

const suite = browserSuite();

describe('search', () => {
  it('finds a word in chapter text by keyboard, marks it, opens the chapter, and says offline that it needs a connection', async () => {
    const author = await registerUser(suite.server.url, 'Seeker');
    const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'The Lamp Room',
      chapters: [{ title: 'Brass' }],
    });
    expect(created.status).toBe(201);
    const bookId = created.body.id as string;
    const chapterId = created.body.chapters[0].id as string;
    // The text as an editor's update stores it, then the text watcher's next round (run now).
    const doc = chapterDoc(h(1, 'Brass'), p('The keeper polished the <em>fresnel</em> lens until dawn.'));
    const deps = suite.server.deps;
    await chapterStorageFor(deps).append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc));
    await vi.waitFor(() => expect(searchServiceFor(deps).index.has(bookId)).toBe(true));
    await searchServiceFor(deps).watcher.tick();

    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search' }).waitFor();

    await page.getByLabel('Words to find').focus();
    await page.keyboard.type('fresn');
    await page.keyboard.press('Enter');
    const results = page.getByRole('list', { name: 'Results' });
    await results.getByRole('link', { name: 'The Lamp Room' }).waitFor();
    expect(await results.locator('mark').allTextContents()).toEqual(['fresnel']);
    // Markup typed into the book is text on the page, never elements.
    expect(await results.locator('em').count()).toBe(0);
    await results.getByText('<em>', { exact: false }).waitFor();
    expect(page.url()).toContain('q=fresn');

    const chapterLink = results.getByRole('link', { name: 'Brass' });
    await chapterLink.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/books/${bookId}/chapters/${chapterId}`);

    await page.goBack();
    await results.getByRole('link', { name: 'The Lamp Room' }).waitFor();
    await context.setOffline(true);
    await page.getByText('Search needs a connection.').waitFor();
    expect(await page.getByRole('button', { name: 'Search' }).isDisabled()).toBe(true);
    await context.close();
  });
});
