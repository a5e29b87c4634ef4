import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { ensureClientBuilt } from '@galley/infra/clientBuild';
import { encodeUpdate } from '@galley/sync-server/protocol/frames';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type RunningTestServer, startTestServer } from '../support/testServer.ts';
import { selectWord, storedRows } from './support/browserKit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PASSWORD = 'quill margin folio serif';
const TOKEN_TTL_SECONDS = 30;

let server: RunningTestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureClientBuilt(ROOT, () => undefined);
  // Short sync tokens, so renewal over the open socket happens within a test.
  server = await startTestServer({ sync: true, env: { SYNC_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

interface Person {
  id: string;
  email: string;
  name: string;
  token: string;
}

async function api<T>(
  method: string,
  path: string,
  body: unknown,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(server.url + path, {
    method,
    headers: {
      ...extraHeaders,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = response.status === 204 ? undefined : await response.json();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json as T;
}

let registrations = 0;

async function register(name: string): Promise<Person> {
  const email = `editor-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  registrations += 1;
  // Registration is limited per client address; each test person comes from an address of its own.
  const signedIn = await api<{ accessToken: string; user: { id: string } }>(
    'POST',
    '/api/auth/register',
    { email, password: PASSWORD, displayName: name },
    undefined,
    { 'x-forwarded-for': `198.51.100.${registrations}` },
  );
  return { id: signedIn.user.id, email, name, token: signedIn.accessToken };
}

/** An author's book with one chapter, and a co-author on it (edit access through their sync token). */
async function bookWithCoAuthor(author: Person, coAuthor: Person, role = 'co_author') {
  const book = await api<{ id: string; chapters: Array<{ id: string }> }>(
    'POST',
    '/api/books',
    { title: `Tides ${Math.random().toString(36).slice(2, 7)}`, chapters: [{ title: 'The Harbour' }] },
    author.token,
  );
  await api('POST', `/api/books/${book.id}/members`, { email: coAuthor.email, role }, author.token);
  const chapterId = book.chapters[0]!.id;
  return {
    bookId: book.id,
    chapterPath: `/books/${book.id}/chapters/${chapterId}`,
    docName: `book/${book.id}/chapter/${chapterId}`,
  };
}

async function signedInPage(person: Person): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  return { context, page };
}

const status = (page: Page) => page.getByTestId('sync-status');
const manuscript = (page: Page) => page.locator('.manuscript');

/** The manuscript's text without the other people's caret labels (decorations inside the editor). */
function manuscriptText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.querySelector('.manuscript')?.cloneNode(true) as HTMLElement | undefined;
    if (!copy) return '';
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent ?? '';
  });
}

async function openChapter(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await manuscript(page).waitFor();
  await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
}

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await manuscript(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('the chapter editor', () => {
  it('lets two writers edit one chapter at once: both converge and each sees the other’s caret', async () => {
    const ada = await register('Ada Author');
    const ben = await register('Ben Coauthor');
    const { chapterPath } = await bookWithCoAuthor(ada, ben);
    const { page: adaPage } = await signedInPage(ada);
    const { page: benPage } = await signedInPage(ben);
    await openChapter(adaPage, chapterPath);
    await openChapter(benPage, chapterPath);
    expect(await manuscript(adaPage).getAttribute('contenteditable')).toBe('true');
    expect(await manuscript(benPage).getAttribute('contenteditable')).toBe('true');

    await typeAtEnd(adaPage, 'The tide came in at dusk.');
    await benPage.getByText('The tide came in at dusk.').waitFor();
    await typeAtEnd(benPage, ' Gulls circled the mast.');
    await adaPage.getByText('Gulls circled the mast.', { exact: false }).waitFor();

    // Both pages hold the same text, and each shows the other's caret with their name.
    const adaText = await manuscriptText(adaPage);
    expect(adaText).toContain('The tide came in at dusk. Gulls circled the mast.');
    expect(await manuscriptText(benPage)).toBe(adaText);
    await adaPage.locator('.collaboration-carets__label', { hasText: 'Ben Coauthor' }).waitFor();
    await benPage.locator('.collaboration-carets__label', { hasText: 'Ada Author' }).waitFor();

    // Both reach "Saved to cloud" once the server has stored what each typed.
    await adaPage.locator('.sync-status[data-kind="cloud"]').waitFor();
    await benPage.locator('.sync-status[data-kind="cloud"]').waitFor();
    expect(await status(adaPage).textContent()).toMatch(/^Saved to cloud at /);
    expect(await adaPage.getByTestId('chapter-counts').textContent()).toContain('10 words');

    // Undo takes back only this writer's own typing, on both screens.
    await manuscript(adaPage).focus();
    await adaPage.keyboard.press('Control+z');
    await benPage.waitForFunction(
      () => !document.querySelector('.manuscript')?.textContent?.includes('The tide came in'),
    );
    expect(await manuscriptText(benPage)).toContain('Gulls circled the mast.');
    expect(await manuscriptText(adaPage)).not.toContain('The tide came in');
    expect(await manuscriptText(adaPage)).toContain('Gulls circled the mast.');

    // The editor screen, with a collaborator's caret showing, has no serious accessibility problems.
    const axe = await new AxeBuilder({ page: adaPage }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    const serious = axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }, 120_000);

  it('keeps what an author types offline through a reload and syncs it when the network returns', async () => {
    const ada = await register('Ada Offline');
    const ben = await register('Ben Reader');
    const { chapterPath, docName } = await bookWithCoAuthor(ada, ben);
    const { context, page } = await signedInPage(ada);
    await openChapter(page, chapterPath);
    // The service worker controls the page once it has precached the app shell and the editor chunk.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout: 30_000,
    });

    await context.setOffline(true);
    await typeAtEnd(page, 'Written on a train with no signal.');
    await page.locator('.sync-status[data-kind="offline"]').waitFor();
    expect(await status(page).textContent()).toMatch(/^Offline — \d+ changes waiting/);

    await page.reload();
    await page.getByText('Written on a train with no signal.').waitFor();
    await page.locator('.sync-status[data-kind="offline"]').waitFor();
    expect(await status(page).textContent()).toMatch(/^Offline — \d+ changes waiting/);
    // Still signed in, still editable offline.
    expect(await manuscript(page).getAttribute('contenteditable')).toBe('true');

    await context.setOffline(false);
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    // Once the cloud has it, nothing on the device counts as waiting any more.
    await page.reload();
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    expect((await storedRows(page, docName)).length).toBeGreaterThan(0);

    const { page: benPage } = await signedInPage(ben);
    await benPage.goto(chapterPath);
    await benPage.getByText('Written on a train with no signal.').waitFor({ timeout: 30_000 });
  }, 120_000);

  it('opens read-only for a member with comment access, who comments in real time and whose crafted edit the server refuses', async () => {
    const ada = await register('Ada Writer');
    const eve = await register('Eve Editor');
    const { bookId, chapterPath, docName } = await bookWithCoAuthor(ada, eve, 'editor');
    const { page: adaPage } = await signedInPage(ada);
    await openChapter(adaPage, chapterPath);
    await typeAtEnd(adaPage, 'Only the author changes this.');
    await adaPage.locator('.sync-status[data-kind="cloud"]').waitFor();

    const { page: evePage } = await signedInPage(eve);
    await openChapter(evePage, chapterPath);
    await evePage.getByText('Only the author changes this.').waitFor();
    await evePage.getByText('You can read this chapter and comment on it').waitFor();
    expect(await manuscript(evePage).getAttribute('contenteditable')).toBe('false');
    expect(await evePage.getByRole('button', { name: 'Bold' }).isDisabled()).toBe(true);

    // She comments on a selection; the author sees the thread without reloading.
    await selectWord(manuscript(evePage), 'author');
    const evePanel = evePage.locator('.comments-panel');
    await evePanel.getByRole('button', { name: 'Comment', exact: true }).click();
    await evePanel
      .getByRole('textbox', { name: 'Comment on the selected text' })
      .fill('Should this be plural?');
    await evePanel.getByRole('button', { name: 'Add comment' }).click();
    await adaPage.locator('.comments-panel .comment-thread').getByText('Should this be plural?').waitFor();

    // A crafted text edit from her page, with her own (comment) token, straight over the socket.
    const { token } = await api<{ token: string }>('POST', '/api/sync-tokens', { bookId }, eve.token);
    const forged = new Y.Doc();
    forged.getXmlFragment('default').insert(0, [new Y.XmlText('Forged line. ')]);
    const frame = Array.from(encodeUpdate(Y.encodeStateAsUpdate(forged)));
    const closeCode = await evePage.evaluate(
      ({ url, bytes }) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(url);
          socket.binaryType = 'arraybuffer';
          socket.onopen = () => socket.send(new Uint8Array(bytes));
          socket.onclose = (event) => resolve(event.code);
        }),
      { url: `${server.url.replace(/^http/, 'ws')}/sync/${docName}?token=${token}&v=1`, bytes: frame },
    );
    expect(closeCode).toBe(4403);

    // A fresh context sees the author's text, the comment, and nothing forged.
    const { page: fresh } = await signedInPage(ada);
    await openChapter(fresh, chapterPath);
    await fresh.locator('.comments-panel .comment-thread').getByText('Should this be plural?').waitFor();
    await manuscript(fresh).getByText('Only the author changes this.').waitFor();
    expect(await manuscript(fresh).textContent()).not.toContain('Forged');
  }, 120_000);

  it('renews its sync token over the open socket instead of being closed when it expires', async () => {
    const ada = await register('Ada Longsession');
    const ben = await register('Ben Idle');
    const { chapterPath } = await bookWithCoAuthor(ada, ben);
    const { page } = await signedInPage(ada);
    const closes: number[] = [];
    let renewals = 0;
    page.on('websocket', (socket) => {
      socket.on('close', () => closes.push(Date.now()));
      socket.on('framesent', ({ payload }) => {
        // auth (2), kind 1 (token): the renewal message.
        if (typeof payload !== 'string' && payload[0] === 2 && payload[1] === 1) renewals += 1;
      });
    });
    const firstToken = page.waitForResponse((r) => r.url().endsWith('/api/sync-tokens'));
    await openChapter(page, chapterPath);
    const { expiresAt } = (await (await firstToken).json()) as { expiresAt: string };

    await expect.poll(() => renewals, { timeout: TOKEN_TTL_SECONDS * 1000 }).toBeGreaterThan(0);
    // Past the first token's expiry the same socket is still open and still saving.
    await page.waitForFunction((until) => Date.now() > until, Date.parse(expiresAt) + 2000, {
      timeout: TOKEN_TTL_SECONDS * 1000,
      polling: 500,
    });
    await typeAtEnd(page, 'Still here after the first token expired.');
    await page.locator('.sync-status[data-kind="cloud"]').waitFor();
    expect(closes).toEqual([]);
  }, 120_000);

  it('folds the device copy of a long typing session into a compact log that reopens intact', async () => {
    const ada = await register('Ada Typist');
    const ben = await register('Ben Spare');
    const { chapterPath, docName } = await bookWithCoAuthor(ada, ben);
    const { page } = await signedInPage(ada);
    await openChapter(page, chapterPath);
    // One Yjs update per insertion, as typing makes (insertText skips the per-key round trips).
    const words = Array.from({ length: 150 }, (_, i) => `w${i}`);
    await manuscript(page).click();
    for (const word of words) await page.keyboard.insertText(`${word} `);
    const typed = words.join(' ');
    await page.getByText(typed).waitFor();
    await page.locator('.sync-status[data-kind="cloud"]').waitFor();

    const rows = await storedRows(page, docName);
    // Uncompacted, the log would hold a row per insertion; compaction leaves a merged row and a tail.
    expect(rows.length).toBeLessThan(words.length / 2);
    const largest = Math.max(...rows.map((r) => r.bytes));
    const total = rows.reduce((n, r) => n + r.bytes, 0);
    expect(total).toBeLessThan(3 * Math.max(largest, 8 * 1024));

    await page.reload();
    await page.getByText(typed).waitFor();
    await page.locator('.sync-status[data-kind="cloud"]').waitFor();
  }, 120_000);

  it('stops syncing and says why when a writer is removed from the book, keeping the text on screen', async () => {
    const ada = await register('Ada Owner');
    const ben = await register('Ben Removed');
    const { bookId, chapterPath } = await bookWithCoAuthor(ada, ben);
    const { page } = await signedInPage(ben);
    await openChapter(page, chapterPath);
    await typeAtEnd(page, 'A last line before leaving.');
    await page.locator('.sync-status[data-kind="cloud"]').waitFor();

    // The server closes the socket (4401); the client asks for a new token and is refused.
    await api('DELETE', `/api/books/${bookId}/members/${ben.id}`, {}, ada.token);
    await page.locator('.sync-status[data-kind="stopped"]').waitFor({ timeout: 30_000 });
    expect(await status(page).textContent()).toContain('you no longer have access to this book');
    expect(await manuscriptText(page)).toContain('A last line before leaving.');
  }, 120_000);
});
