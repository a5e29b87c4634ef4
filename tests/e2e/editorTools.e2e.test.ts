/**
 * The chapter editor's tools in Chromium against the real stack (api, sync server): find and
 * replace, paste from Word, and the keyboard shortcuts help.
 */

import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GOOGLE_DOCS_CLIPBOARD, WORD_CLIPBOARD } from '../../client/src/editor/paste/pasteFixtures.ts';
import {
  browserSuite,
  callApi,
  type RegisteredUser,
  registerUser,
  selectWord,
  signInThroughForm,
} from './support/browserKit.ts';

const suite = browserSuite({ sync: true });

const manuscript = (page: Page) => page.locator('.manuscript');
const findField = (page: Page) => page.getByRole('searchbox', { name: 'Find' });
const findCount = (page: Page) => page.locator('.find-bar-count');

/** What axe finds serious or critical in the part of the page `selector` names. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
}

function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 50 });
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (element) => element === document.activeElement || element.contains(document.activeElement),
  );
}

/** A book of the author's with one chapter, optionally shared with a member in `role`. */
async function chapterOf(
  author: RegisteredUser,
  member?: { user: RegisteredUser; role: string },
): Promise<string> {
  const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
    title: `Harbour ${Math.random().toString(36).slice(2, 7)}`,
    chapters: [{ title: 'Low tide' }],
  });
  expect(created.status).toBe(201);
  if (member) {
    const added = await callApi(
      suite.server.url,
      author.token,
      'POST',
      `/api/books/${created.body.id}/members`,
      {
        email: member.user.email,
        role: member.role,
      },
    );
    expect(added.status).toBeLessThan(300);
  }
  return `/books/${created.body.id}/chapters/${created.body.chapters[0].id}`;
}

async function openChapter(user: RegisteredUser, path: string): Promise<Page> {
  const context = await suite.browser.newContext({
    baseURL: suite.server.url,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await signInThroughForm(page, user.email);
  await page.goto(path);
  await manuscript(page).waitFor();
  await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
  return page;
}

/** The manuscript's text without the other people's caret labels (decorations inside the editor). */
const textOf = (page: Page) =>
  manuscript(page).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return copy.textContent ?? '';
  });

describe('find and replace', () => {
  it('highlights matches across bold text, counts them, replaces all in one undo step, and lets a commenter only find', async () => {
    const author = await registerUser(suite.server.url, 'Finder Author');
    const reader = await registerUser(suite.server.url, 'Finder Editor');
    const path = await chapterOf(author, { user: reader, role: 'editor' });
    const page = await openChapter(author, path);

    await manuscript(page).click();
    await page.keyboard.type('Say hel');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('lo');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' there. Hello again, hello!');
    const original = 'Say hello there. Hello again, hello!';
    await eventually(() => textOf(page)).toBe(original);
    expect(await manuscript(page).locator('strong').allTextContents()).toEqual(['lo']);

    await page.keyboard.press('Control+f');
    await eventually(() => isFocused(findField(page))).toBe(true);
    await page.keyboard.type('hello');
    // The count is a polite live region; the caret was at the end, so the search wraps to the first.
    expect(await findCount(page).getAttribute('aria-live')).toBe('polite');
    await eventually(() => findCount(page).textContent()).toBe('1 of 3');
    // The first match spans two text nodes (plain "hel", bold "lo"): one highlight in two pieces.
    expect(await manuscript(page).locator('.find-match-current').allTextContents()).toEqual(['hel', 'lo']);
    expect((await manuscript(page).locator('.find-match').allTextContents()).join('|')).toBe(
      'hel|lo|Hello|hello',
    );

    await page.keyboard.press('Enter');
    await eventually(() => findCount(page).textContent()).toBe('2 of 3');
    expect(await manuscript(page).locator('.find-match-current').allTextContents()).toEqual(['Hello']);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    await eventually(() => findCount(page).textContent()).toBe('3 of 3');
    expect(await seriousViolations(page, '.chapter-editor-top')).toEqual([]);

    await page.getByRole('checkbox', { name: 'Match case' }).check();
    await eventually(() => findCount(page).textContent()).toMatch(/ of 2$/);
    await page.getByRole('checkbox', { name: 'Match case' }).uncheck();
    await eventually(() => findCount(page).textContent()).toMatch(/ of 3$/);

    // Mod-Alt-F opens the replace field; Replace all is one change, marks of the text around kept.
    await findField(page).focus();
    await page.keyboard.press('Control+Alt+f');
    const replaceField = page.getByRole('textbox', { name: 'Replace with' });
    await eventually(() => isFocused(replaceField)).toBe(true);
    await replaceField.fill('bye');
    await page.getByRole('button', { name: 'Replace all' }).click();
    await eventually(() => findCount(page).textContent()).toBe('Replaced 3 matches');
    await eventually(() => textOf(page)).toBe('Say bye there. bye again, bye!');
    expect(await manuscript(page).locator('strong').count()).toBe(0);
    expect(await manuscript(page).locator('.find-match').count()).toBe(0);
    // The Replace buttons are off now that nothing matches; focus stays in the bar, not lost on the page.
    await eventually(() => isFocused(replaceField)).toBe(true);

    // Escape closes the bar and gives the editor its focus back; one undo restores all three, bold included.
    await page.keyboard.press('Escape');
    await page.locator('.find-bar').waitFor({ state: 'detached' });
    await eventually(() => isFocused(manuscript(page))).toBe(true);
    await page.keyboard.press('Control+z');
    await eventually(() => textOf(page)).toBe(original);
    expect(await manuscript(page).locator('strong').allTextContents()).toEqual(['lo']);
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });

    // A member with comment access can find, but is offered no replacing. Her text takes no focus:
    // Mod-F works with her selection in it, and searches for the selected word.
    const readerPage = await openChapter(reader, path);
    await eventually(() => textOf(readerPage)).toBe(original);
    await selectWord(manuscript(readerPage), 'again');
    // Chromium reports the double-click's selection to the editor a moment later; the Comment button
    // turns on once the editor has it (a person never presses keys that fast).
    const commentButton = readerPage
      .locator('.comments-panel')
      .getByRole('button', { name: 'Comment', exact: true });
    await eventually(() => commentButton.isEnabled()).toBe(true);
    await readerPage.keyboard.press('Control+f');
    await eventually(() => findField(readerPage).inputValue()).toBe('again');
    await eventually(() => findCount(readerPage).textContent()).toBe('1 of 1');
    expect(await readerPage.locator('.manuscript .find-match-current').textContent()).toBe('again');
    await readerPage.keyboard.press('Control+Alt+f');
    expect(await readerPage.getByRole('button', { name: 'Replace…' }).count()).toBe(0);
    expect(await readerPage.getByRole('textbox', { name: 'Replace with' }).count()).toBe(0);
    await readerPage.keyboard.press('Escape');
    await readerPage.locator('.find-bar').waitFor({ state: 'detached' });
    // The toolbar's Find button is a tab stop of its own for her (the formatting buttons are off).
    const findButton = readerPage.getByRole('button', { name: 'Find', exact: true });
    expect(await findButton.getAttribute('tabindex')).toBe('0');
    await findButton.click();
    await eventually(() => isFocused(findField(readerPage))).toBe(true);
    await readerPage.keyboard.press('Escape');
    await eventually(() => isFocused(findButton)).toBe(true);
  });
});

/** A paste as the browser delivers one from another app: text/html (and text/plain) on a paste event. */
function paste(page: Page, html: string): Promise<void> {
  return manuscript(page).evaluate((element, value) => {
    const data = new DataTransfer();
    data.setData('text/html', value);
    data.setData('text/plain', element.textContent ?? '');
    element.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, html);
}

describe('paste from Word and Google Docs', () => {
  it('keeps headings, emphasis, lists, links and tables, and none of the styling, markers or comments', async () => {
    const author = await registerUser(suite.server.url, 'Paster Author');
    const page = await openChapter(author, await chapterOf(author));
    await manuscript(page).click();
    await paste(page, WORD_CLIPBOARD);

    await manuscript(page).locator('table').waitFor();
    const text = manuscript(page);
    expect(await text.locator('h1').allTextContents()).toEqual(['The Harbour']);
    expect(await text.locator('h2').allTextContents()).toEqual(['Low tide']);
    expect(await text.locator('strong').allTextContents()).toEqual(['dusk', 'Nobody', 'jib', 'Port']);
    expect(await text.locator('em').allTextContents()).toEqual(['gulls', 'tarred']);
    expect(await text.locator('u').allTextContents()).toEqual(['slept']);
    expect(await text.locator('s').allTextContents()).toEqual(['old', 'pier']);
    expect(await text.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      'https://example.org/tides',
    ]);
    expect(await text.locator('ul > li > p').allTextContents()).toEqual(['Rope', 'Hemp, tarred', 'Sail']);
    expect(await text.locator('ul > li > ul > li').allTextContents()).toEqual(['Hemp, tarred']);
    expect(await text.locator('ol > li').allTextContents()).toEqual(['Haul the anchor', 'Set the jib']);
    expect(await text.locator('td').allTextContents()).toEqual(['Port', 'High water', 'Whitby', '']);

    const content = await text.textContent();
    expect(content).not.toMatch(/AI1|creaking or groaning|·|Font Definitions/);
    // No styles or fonts reached the text (a table's column sizes are the editor's own <col> styles).
    expect(await text.locator('[style]:not(col):not(table)').count()).toBe(0);
    expect(await text.innerHTML()).not.toMatch(/mso-|font-family|Calibri|Georgia|color:|class="Mso/i);

    // Google Docs, into a chapter with a title: its emphasis is in styled spans inside a
    // font-weight:normal <b>, and its title becomes a section, since the chapter has one.
    await page.goto(await chapterOf(author));
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    await text.click();
    await page.keyboard.press('Control+Alt+1');
    await page.keyboard.type('Dawn');
    await page.keyboard.press('Enter');
    await paste(page, GOOGLE_DOCS_CLIPBOARD);
    await text.locator('h2', { hasText: 'Salt Road' }).waitFor();
    expect(await text.locator('h1').allTextContents()).toEqual(['Dawn']);
    const docsParagraph = text.locator('p', { hasText: 'The rain fell on the' });
    expect(await docsParagraph.locator('strong').allTextContents()).toEqual(['road']);
    expect(await docsParagraph.locator('em').allTextContents()).toEqual(['carts']);
    expect(await docsParagraph.locator('a').allTextContents()).toEqual(['the map']);
    expect(await docsParagraph.locator('u').allTextContents()).toEqual(['sank']);
    expect(await text.locator('li', { hasText: 'Rock salt' }).locator('strong').allTextContents()).toEqual([
      'Rock',
    ]);
    expect(await text.locator('[style]:not(col):not(table)').count()).toBe(0);
  });
});

describe('keyboard shortcuts help', () => {
  it('opens with Mod-/ and from the toolbar, lists the keys with Ctrl here, and gives focus back when closed', async () => {
    const author = await registerUser(suite.server.url, 'Shortcut Author');
    const page = await openChapter(author, await chapterOf(author));
    await manuscript(page).click();
    await page.keyboard.type('Keys.');

    await page.keyboard.press('Control+/');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const bold = dialog.getByRole('row', { name: /^Bold/ });
    expect(await bold.locator('kbd').allTextContents()).toEqual(['Ctrl', 'B']);
    expect(
      await dialog
        .getByRole('row', { name: /^Find and replace/ })
        .locator('kbd')
        .allTextContents(),
    ).toEqual(['Ctrl', 'Alt', 'F']);
    expect(await dialog.getByRole('row', { name: /^Comment on the selection/ }).count()).toBe(1);
    expect(await seriousViolations(page, '.shortcuts-dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => isFocused(manuscript(page))).toBe(true);
    // Focus went back with the caret where it was: typing continues the text.
    await page.keyboard.type(' More.');
    await eventually(() => textOf(page)).toBe('Keys. More.');

    const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await button.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => isFocused(button)).toBe(true);
  });
});
