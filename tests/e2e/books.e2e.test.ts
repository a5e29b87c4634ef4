import { chapterStorageFor } from '@galley/api/manuscripts/chapterDocs';
import { chapterDoc, p } from '@galley/api/validation/testManuscript';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  browserSuite,
  callApi,
  registerUser,
  signInThroughForm,
  waitForServiceWorker,
} from './support/browserKit.ts';

const suite = browserSuite();

const register = (name: string) => registerUser(suite.server.url, name);
const api = (
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => callApi(suite.server.url, token, method, path, body, headers);

describe('writes made offline', () => {
  it('keep a metadata change and a new chapter through a reload, replay them, and ask when someone else changed the same field', async () => {
    const author = await register('Author');
    const coAuthor = await register('Coauthor');
    const created = await api(author.token, 'POST', '/api/books', {
      title: 'Salt Road',
      chapters: [{ title: 'Dawn' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const added = await api(author.token, 'POST', `/api/books/${bookId}/members`, {
      email: coAuthor.email,
      role: 'co_author',
    });
    expect(added.status).toBe(201);

    const context = await suite.browser.newContext({
      baseURL: suite.server.url,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('heading', { name: 'Salt Road' }).waitFor();
    await waitForServiceWorker(page);
    // Open it once online so the device keeps a copy.
    await page.reload();
    await page.getByRole('heading', { name: 'Salt Road' }).waitFor();

    await context.setOffline(true);
    await page.getByLabel('Title', { exact: true }).fill('Salt Road (my title)');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('Saved on this device').waitFor();
    await page.getByLabel('New chapter title').fill('Written on the train');
    await page.getByRole('button', { name: 'Add chapter' }).click();
    await page.getByText('2 changes waiting to be sent').waitFor();

    // A reload with no network: the app, the book and both waiting changes are still there.
    await page.reload();
    await page.getByRole('heading', { name: 'Salt Road (my title)' }).waitFor();
    await page.getByRole('link', { name: 'Written on the train' }).waitFor();
    await page.getByText('2 changes waiting to be sent').waitFor();
    await page.getByText('You are offline').waitFor();

    // Meanwhile the co-author retitles the book.
    const current = await api(coAuthor.token, 'GET', `/api/books/${bookId}`);
    const theirs = await api(
      coAuthor.token,
      'PATCH',
      `/api/books/${bookId}`,
      { title: 'Salt Road (their title)' },
      {
        'if-match': `"${current.body.version}"`,
      },
    );
    expect(theirs.status).toBe(200);

    await context.setOffline(false);
    const dialog = page.getByRole('dialog', { name: 'Someone else changed this too' });
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByRole('cell', { name: 'Salt Road (my title)' }).waitFor();
    await dialog.getByRole('cell', { name: 'Salt Road (their title)' }).waitFor();
    // Nothing was sent behind the user's back: the chapter waits behind the conflict.
    expect((await api(author.token, 'GET', `/api/books/${bookId}`)).body.chapters).toHaveLength(1);

    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    // The dialog's own text says "waiting to be sent" too: it must be gone before the status line is read.
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/waiting to be sent/).waitFor({ state: 'hidden', timeout: 30_000 });

    const after = await api(author.token, 'GET', `/api/books/${bookId}`);
    expect(after.body.title).toBe('Salt Road (my title)');
    expect(after.body.chapters.map((c: { title: string }) => c.title)).toEqual([
      'Dawn',
      'Written on the train',
    ]);
    await page.getByRole('heading', { name: 'Salt Road (my title)' }).waitFor();
    await context.close();
  });

  it('merges an offline change with someone else’s change to another field without asking', async () => {
    const author = await register('Merger');
    const created = await api(author.token, 'POST', '/api/books', { title: 'Tide Tables' });
    const bookId: string = created.body.id;
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('heading', { name: 'Tide Tables' }).waitFor();

    await context.setOffline(true);
    await page.getByLabel('Publisher').fill('Harbour Press');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('1 change waiting to be sent').waitFor();
    // The same author, from another device, changes the subtitle.
    const other = await api(
      author.token,
      'PATCH',
      `/api/books/${bookId}`,
      { subtitle: 'A year at sea' },
      {
        'if-match': `"${created.body.version}"`,
      },
    );
    expect(other.status).toBe(200);

    await context.setOffline(false);
    await page.getByText('1 change waiting to be sent').waitFor({ state: 'hidden', timeout: 30_000 });
    const after = await api(author.token, 'GET', `/api/books/${bookId}`);
    expect(after.body).toMatchObject({ publisher: 'Harbour Press', subtitle: 'A year at sea' });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await context.close();
  });
});

describe('checking a book', () => {
  it('lists each problem with a link to where it is', async () => {
    const author = await register('Checker');
    const created = await api(author.token, 'POST', '/api/books', {
      title: 'Unfinished',
      chapters: [{ title: 'Dawn' }],
    });
    const bookId: string = created.body.id;
    const chapterId: string = created.body.chapters[0].id;
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('button', { name: 'Check book' }).click();

    await page.getByText('“Dawn” has no text.').waitFor();
    const errors = page.getByRole('list').filter({ hasText: '“Dawn” has no text.' });
    expect(await errors.getByRole('link', { name: 'Open “Dawn”' }).getAttribute('href')).toBe(
      `/books/${bookId}/chapters/${chapterId}`,
    );
    await page.getByText('The book has no language; EPUB requires one.').waitFor();
    expect(await page.getByRole('link', { name: 'Edit details' }).first().getAttribute('href')).toBe(
      '#details-heading',
    );
    await context.close();
  });
});

describe('signing out', () => {
  it('warns about changes the cloud has not received, and wipes them from the device only when told to', async () => {
    const author = await register('Leaver');
    const created = await api(author.token, 'POST', '/api/books', { title: 'Harbour' });
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${created.body.id}`);
    await page.getByRole('heading', { name: 'Harbour' }).waitFor();

    await context.setOffline(true);
    await page.getByLabel('Publisher').fill('Quay Books');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByText('1 change waiting to be sent').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    const dialog = page.getByRole('dialog', { name: 'Not everything is saved to the cloud' });
    await dialog.getByText('1 other change').waitFor();
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await page.getByText('1 change waiting to be sent').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await dialog.getByRole('button', { name: 'Sign out and delete them' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const leftOnDevice = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('galley');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['outbox', 'apiCache'], 'readonly');
            let total = 0;
            let done = 0;
            for (const name of ['outbox', 'apiCache']) {
              const count = tx.objectStore(name).count();
              count.onsuccess = () => {
                total += count.result;
                if (++done === 2) resolve(total);
              };
            }
          };
        }),
    );
    expect(leftOnDevice).toBe(0);

    await context.setOffline(false);
    const after = await api(author.token, 'GET', `/api/books/${created.body.id}`);
    expect(after.body.publisher).toBeNull();
    await context.close();
  });
});

describe('making a book available offline', () => {
  it('downloads every chapter, so one never opened on this device opens with no network', async () => {
    const author = await register('Traveller');
    const created = await api(author.token, 'POST', '/api/books', {
      title: 'Night Ferry',
      chapters: [{ title: 'Boarding' }, { title: 'Crossing' }],
    });
    const bookId: string = created.body.id;
    const crossing: string = created.body.chapters[1].id;
    // The chapter as the sync server would have stored it after someone typed it elsewhere.
    await chapterStorageFor(suite.server.deps).append(
      chapterDocName(bookId, crossing),
      Y.encodeStateAsUpdate(chapterDoc(p('The sea was black and calm.'))),
    );

    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await waitForServiceWorker(page);
    await page.getByRole('button', { name: 'Make available offline' }).click();
    await page.getByText('Available offline (2 chapters').waitFor();

    await context.setOffline(true);
    await page.getByRole('link', { name: 'Crossing' }).click();
    await page.locator('.manuscript').getByText('The sea was black and calm.').waitFor();
    await context.close();
  });
});
