import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collaboratorColor } from '../../client/src/editor/collaboratorColor.ts';
import { browserSuite, callApi, registerUser, signInThroughForm } from './support/browserKit.ts';

const suite = browserSuite({ sync: true });

/** Waits for a condition (a 2-core box running other suites is slow), never for a fixed time. */
function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 30_000, interval: 100 });
}

async function signedIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({
    baseURL: suite.server.url,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await signInThroughForm(page, email);
  return { context, page };
}

const bookList = (page: Page) => page.getByRole('list', { name: 'People in this book' });
const hereNow = (page: Page) => page.locator('section.presence');
/** The text of an element, or '' while it is not on the page (no waiting: the caller polls). */
const textOf = async (locator: Locator) =>
  (await locator.count()) ? ((await locator.textContent()) ?? '') : '';
const text = (page: Page) => textOf(hereNow(page));
async function backToBook(page: Page): Promise<void> {
  await page.getByRole('link', { name: '← Salt Road' }).click();
  await page.getByRole('heading', { name: 'Salt Road' }).waitFor();
}
const alsoHere = (page: Page) => page.getByRole('list', { name: 'Also in this chapter' });

describe('presence', () => {
  it('the author on the book page sees a co-author open a chapter, move to the book page and leave; each sees the other in a shared chapter', async () => {
    const author = await registerUser(suite.server.url, 'Author');
    const member = await registerUser(suite.server.url, 'Member');
    const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'Salt Road',
      chapters: [{ title: 'Dawn' }, { title: 'Dusk' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const dawn: string = created.body.chapters[0].id;
    const added = await callApi(suite.server.url, author.token, 'POST', `/api/books/${bookId}/members`, {
      email: member.email,
      role: 'co_author',
    });
    expect(added.status).toBe(201);
    const authorId: string = (await callApi(suite.server.url, author.token, 'GET', '/api/me')).body.id;

    const a = await signedIn(author.email);
    const m = await signedIn(member.email);
    await a.page.goto(`/books/${bookId}`);
    await a.page.getByRole('heading', { name: 'Here now' }).waitFor({ timeout: 30_000 });
    await a.page.getByText('Nobody else has this book open.').waitFor();

    // The co-author opens Dawn: the author's book page says so, live, linking to the chapter.
    await m.page.goto(`/books/${bookId}/chapters/${dawn}`);
    await m.page.locator('.manuscript').waitFor();
    await eventually(() => text(a.page)).toContain('Member is editing Dawn');
    const link = bookList(a.page).getByRole('link', { name: 'Dawn' });
    expect(await link.getAttribute('href')).toBe(`/books/${bookId}/chapters/${dawn}`);

    // The author follows the link: each sees the other in the chapter header, in the caret colour.
    await link.click();
    await a.page.locator('.manuscript').waitFor();
    await eventually(() => textOf(alsoHere(m.page))).toContain('Author');
    expect(
      await alsoHere(m.page)
        .locator('.presence-avatar')
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).toBe(hexToRgb(collaboratorColor(authorId)));
    await eventually(() => textOf(alsoHere(a.page))).toContain('Member');

    // Back on the book page; the co-author goes to the book page too, then leaves the book. (Moving
    // through links, as people do: a full reload right after another would also work, but can cut
    // off the app's token refresh mid-way, which is the session's business, not presence's.)
    await backToBook(a.page);
    await eventually(() => text(a.page)).toContain('Member is editing Dawn');
    await backToBook(m.page);
    await eventually(() => text(a.page)).toContain('Member is viewing the book');
    expect(await text(a.page)).not.toContain('Dawn');
    await m.page.getByRole('link', { name: '← My books' }).click();
    await m.page.getByRole('heading', { name: 'My books' }).waitFor();
    await eventually(() => text(a.page)).toContain('Nobody else has this book open.');

    // Offline, the list is not shown at all rather than showing who was here; it returns online.
    await m.page.getByRole('link', { name: 'Salt Road' }).click();
    await m.page.locator('.chapter-list').getByRole('link', { name: 'Dawn' }).click();
    await eventually(() => text(a.page)).toContain('Member is editing Dawn');
    await a.context.setOffline(true);
    await eventually(() => hereNow(a.page).count()).toBe(0);
    await a.context.setOffline(false);
    await eventually(() => text(a.page)).toContain('Member is editing Dawn');

    // Closing the tab removes them too.
    await m.context.close();
    await eventually(() => text(a.page)).toContain('Nobody else has this book open.');
    await a.context.close();
  });
});

function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
