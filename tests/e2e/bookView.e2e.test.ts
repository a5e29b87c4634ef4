import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import {
  browserSuite,
  callApi,
  registerUser,
  signInThroughForm,
  waitForServiceWorker,
} from './support/browserKit.ts';

const suite = browserSuite({ sync: true });

const register = (name: string) => registerUser(suite.server.url, name);
const api = (token: string, method: string, path: string, body?: unknown) =>
  callApi(suite.server.url, token, method, path, body);

async function newBook(token: string, title: string, chapters: string[]) {
  const created = await api(token, 'POST', '/api/books', {
    title,
    chapters: chapters.map((chapter) => ({ title: chapter })),
  });
  expect(created.status).toBe(201);
  const ids = Object.fromEntries(
    (created.body.chapters as { id: string; title: string }[]).map((chapter) => [chapter.title, chapter.id]),
  );
  return { bookId: created.body.id as string, ids };
}

/** Chapter titles in the order the book page lists them. */
const listedTitles = (page: Page) =>
  page.getByRole('list', { name: 'Chapters' }).locator('li .chapter-name > a').allTextContents();

async function serverChapters(token: string, bookId: string) {
  const book = await api(token, 'GET', `/api/books/${bookId}`);
  return (book.body.chapters as { title: string; kind: string; order: number }[])
    .sort((a, b) => a.order - b.order)
    .map((chapter) => [chapter.title, chapter.kind]);
}

describe('the book view', () => {
  it('lets a writer rename, re-kind, move by keyboard and by dragging, and delete after confirming; the server keeps it', async () => {
    const author = await register('Arranger');
    const { bookId, ids } = await newBook(author.token, 'Harbour Lights', [
      'Prologue',
      'Storm',
      'Calm',
      'Harbour',
      'Notes',
    ]);
    const context = await suite.browser.newContext({
      baseURL: suite.server.url,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('heading', { name: 'Harbour Lights' }).waitFor();

    // Rename in a dialog that names the chapter.
    await page.getByRole('button', { name: 'Rename “Storm”' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “Storm”' });
    await rename.getByLabel('Chapter title').fill('The Storm');
    await rename.getByRole('button', { name: 'Save title' }).click();
    await page.getByRole('link', { name: 'The Storm', exact: true }).waitFor();

    // Kinds, shown as badges.
    await page.getByLabel('Kind of “Prologue”').selectOption('front_matter');
    await page.getByLabel('Kind of “Notes”').selectOption('back_matter');
    const prologue = page.locator(`li[data-chapter-id="${ids.Prologue}"]`);
    await prologue.locator('.badge', { hasText: 'Front matter' }).waitFor();

    // Keyboard: the move is announced and focus stays on the button, so it can be pressed again.
    await page.getByRole('button', { name: 'Move “Harbour” up' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByTestId('chapter-announcement')
      .filter({ hasText: 'Moved “Harbour” to position 3 of 5.' })
      .waitFor();
    await page.keyboard.press('Enter');
    await page
      .getByTestId('chapter-announcement')
      .filter({ hasText: 'Moved “Harbour” to position 2 of 5.' })
      .waitFor();
    expect(await listedTitles(page)).toEqual(['Prologue', 'Harbour', 'The Storm', 'Calm', 'Notes']);

    // Mouse: drag Calm by its handle onto the upper half of The Storm.
    await page
      .locator(`li[data-chapter-id="${ids.Calm}"] .drag-handle`)
      .dragTo(page.locator(`li[data-chapter-id="${ids.Storm}"]`), { targetPosition: { x: 40, y: 4 } });
    await page
      .getByTestId('chapter-announcement')
      .filter({ hasText: 'Moved “Calm” to position 3 of 5.' })
      .waitFor();
    expect(await listedTitles(page)).toEqual(['Prologue', 'Harbour', 'Calm', 'The Storm', 'Notes']);

    // Delete asks first, naming the chapter; cancelling keeps it.
    await page.getByRole('button', { name: 'Delete “Harbour”' }).click();
    let confirm = page.getByRole('dialog', { name: 'Delete “Harbour”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete “Harbour”' }).click();
    confirm = page.getByRole('dialog', { name: 'Delete “Harbour”?' });
    await confirm.getByRole('button', { name: 'Delete chapter' }).click();
    await page.getByRole('link', { name: 'Harbour', exact: true }).waitFor({ state: 'detached' });

    await page.getByText(/waiting to be sent/).waitFor({ state: 'hidden', timeout: 30_000 });
    const expected = [
      ['Prologue', 'front_matter'],
      ['Calm', 'chapter'],
      ['The Storm', 'chapter'],
      ['Notes', 'back_matter'],
    ];
    await vi.waitFor(async () => expect(await serverChapters(author.token, bookId)).toEqual(expected));
    await page.reload();
    await page.getByRole('heading', { name: 'Harbour Lights' }).waitFor();
    expect(await listedTitles(page)).toEqual(expected.map(([title]) => title));
    expect(await page.getByRole('dialog').count()).toBe(0);
    await context.close();
  });

  it('keeps a reorder made offline, shows it at once, and sends it when the network returns', async () => {
    const author = await register('Traveller');
    const { bookId } = await newBook(author.token, 'Night Train', ['Departure', 'Border', 'Arrival']);
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('heading', { name: 'Night Train' }).waitFor();
    await waitForServiceWorker(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Night Train' }).waitFor();
    await page.getByTestId('book-word-count').filter({ hasText: '0 words' }).waitFor();

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Move “Arrival” up' }).click();
    await page.getByTestId('chapter-announcement').filter({ hasText: 'position 2 of 3' }).waitFor();
    await page.getByRole('button', { name: 'Move “Arrival” up' }).click();
    await page.getByTestId('chapter-announcement').filter({ hasText: 'position 1 of 3' }).waitFor();
    await page.getByText('2 changes waiting to be sent').waitFor();
    expect(await listedTitles(page)).toEqual(['Arrival', 'Departure', 'Border']);
    // Nothing reached the server yet.
    expect((await serverChapters(author.token, bookId)).map(([title]) => title)).toEqual([
      'Departure',
      'Border',
      'Arrival',
    ]);

    await context.setOffline(false);
    await page.getByText(/waiting to be sent/).waitFor({ state: 'hidden', timeout: 30_000 });
    expect((await serverChapters(author.token, bookId)).map(([title]) => title)).toEqual([
      'Arrival',
      'Departure',
      'Border',
    ]);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await context.close();
  });

  it('asks which order to keep when someone else reordered the chapters meanwhile', async () => {
    const author = await register('Orderer');
    const { bookId, ids } = await newBook(author.token, 'Two Minds', ['North', 'South', 'East']);
    const context = await suite.browser.newContext({ baseURL: suite.server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('heading', { name: 'Two Minds' }).waitFor();

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Move “East” up' }).click();
    await page.getByText('1 change waiting to be sent').waitFor();
    // Another device puts South first meanwhile.
    const current = await api(author.token, 'GET', `/api/books/${bookId}`);
    const theirs = await callApi(
      suite.server.url,
      author.token,
      'PUT',
      `/api/books/${bookId}/chapters/order`,
      { chapterIds: [ids.South, ids.North, ids.East] },
      { 'if-match': `"${current.body.version}"` },
    );
    expect(theirs.status).toBe(200);

    await context.setOffline(false);
    const dialog = page.getByRole('dialog', { name: 'Someone else changed this too' });
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByRole('rowheader', { name: 'Chapter order' }).waitFor();
    await dialog.getByRole('cell', { name: 'North, East, South' }).waitFor();
    await dialog.getByRole('cell', { name: 'South, North, East' }).waitFor();
    await dialog.getByRole('button', { name: 'Keep mine' }).click();
    // The dialog's own text says "waiting to be sent" too: it must be gone before the status line is read.
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/waiting to be sent/).waitFor({ state: 'hidden', timeout: 30_000 });
    await vi.waitFor(async () =>
      expect((await serverChapters(author.token, bookId)).map(([title]) => title)).toEqual([
        'North',
        'East',
        'South',
      ]),
    );
    await context.close();
  });

  it('counts the words typed into the book, and switches chapters from the device with one connection open', async () => {
    const author = await register('Counter');
    const { bookId, ids } = await newBook(author.token, 'Tide Book', ['Ebb', 'Flow']);
    const context = await suite.browser.newContext({
      baseURL: suite.server.url,
      viewport: { width: 1280, height: 900 },
    });
    // Every WebSocket the page opens, to see that leaving a chapter closes its connection.
    await context.addInitScript(() => {
      const Native = window.WebSocket;
      const opened: WebSocket[] = [];
      (window as unknown as { openedSockets: WebSocket[] }).openedSockets = opened;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          opened.push(this);
        }
      };
    });
    const page = await context.newPage();
    const liveChapterSockets = () =>
      page.evaluate(() =>
        (window as unknown as { openedSockets: WebSocket[] }).openedSockets
          .filter(
            (socket) =>
              socket.readyState <= WebSocket.OPEN && decodeURIComponent(socket.url).includes('/chapter/'),
          )
          .map((socket) => decodeURIComponent(socket.url)),
      );
    const manuscript = page.locator('.manuscript');
    const typeAtEnd = async (text: string) => {
      await manuscript.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(text);
    };
    const serverWords = async () => (await api(author.token, 'GET', `/api/books/${bookId}/stats`)).body;

    await signInThroughForm(page, author.email);
    await page.goto(`/books/${bookId}/chapters/${ids.Ebb}`);
    await waitForServiceWorker(page);
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    await typeAtEnd("It's a well-known tide, rising.");
    await vi.waitFor(async () => expect((await serverWords()).words).toBe(5), { timeout: 30_000 });

    await page.getByRole('link', { name: 'Next chapter: Flow' }).click();
    await page.getByRole('heading', { name: 'Flow' }).waitFor();
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    await typeAtEnd('Second chapter here.');
    await vi.waitFor(async () => expect((await serverWords()).words).toBe(8), { timeout: 30_000 });
    // The chapter left has closed its connection: only Flow's is open.
    await vi.waitFor(async () => {
      const live = await liveChapterSockets();
      expect(live).toHaveLength(1);
      expect(live[0]).toContain(ids.Flow);
    });

    // With no network at all, the other chapter opens from the device, its text there at once.
    await context.setOffline(true);
    await page.getByRole('link', { name: 'Previous chapter: Ebb' }).click();
    await manuscript.getByText("It's a well-known tide, rising.").waitFor();
    expect(await page.getByTestId('chapter-counts').textContent()).toContain('5 words');
    await context.setOffline(false);
    await vi.waitFor(
      async () => {
        const live = await liveChapterSockets();
        expect(live).toHaveLength(1);
        expect(live[0]).toContain(ids.Ebb);
      },
      { timeout: 30_000 },
    );

    // The book page counts what was typed, per chapter and in all.
    await page.getByRole('link', { name: '← Tide Book' }).click();
    await page.getByTestId('book-word-count').filter({ hasText: '8 words' }).waitFor();
    await page
      .locator(`li[data-chapter-id="${ids.Ebb}"] .chapter-words`)
      .filter({ hasText: '5 words' })
      .waitFor();
    await page
      .locator(`li[data-chapter-id="${ids.Flow}"] .chapter-words`)
      .filter({ hasText: '3 words' })
      .waitFor();

    // Offline, the same totals come from the chapters on this device, and the page says so.
    await context.setOffline(true);
    await page.reload().catch(() => undefined);
    await page.getByTestId('book-word-count').filter({ hasText: 'counted offline' }).waitFor();
    expect(await page.getByTestId('book-word-count').textContent()).toContain('8 words');
    await context.setOffline(false);
    await context.close();
  });
});
