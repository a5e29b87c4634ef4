import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { putBookMedia } from '@galley/api/export/bookMedia';
import { h, manuscriptDoc, node, p, t } from '@galley/api/export/manuscriptFixtures';
import { SAMPLE_MEDIA } from '@galley/api/export/sampleBook';
import { readZip } from '@galley/api/export/zipReader';
import { chapterStorageFor } from '@galley/api/manuscripts/chapterDocs';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { browserSuite, callApi, registerUser, signInThroughForm } from './support/browserKit.ts';

/**
 * The exports screen against the real exporter: EPUBCheck (Java) and Ace by DAISY (its own Chromium)
 * run for real, so the file holds one export and waits generously for it. The sync server runs too: a
 * finding opens its chapter in the editor, which loads the text through it.
 */
const suite = browserSuite({ sync: true });
const EXPORT_WAIT_MS = 280_000;

describe('EPUB exports in the browser', () => {
  it('exports by keyboard with progress, shows both reports with findings linked to their place in the chapter, downloads the EPUB, and says offline that it needs a connection', async () => {
    const owner = await registerUser(suite.server.url, 'Owner');
    const created = await callApi(suite.server.url, owner.token, 'POST', '/api/books', {
      title: 'Harbour Lights',
      language: 'en',
      chapters: [{ title: 'Harbour' }, { title: 'The Lamp Room' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const [harbourId, lampRoomId] = created.body.chapters.map((c: { id: string }) => c.id) as [
      string,
      string,
    ];
    // The second chapter's image has a caption but no alternative text: Ace reports it there, and the
    // accessibility claim is withheld, while EPUBCheck still finds the file valid. The text before it
    // is longer than the screen, so the editor has to scroll to show the image.
    const lampText = Array.from({ length: 80 }, () => 'The keeper lit the lamp.').join(' ');
    // ProseMirror counts the heading's text and its two ends (15), then the paragraph's text and ends.
    const imageAt = 15 + lampText.length + 2;
    const storage = chapterStorageFor(suite.server.deps);
    const chapters: Array<[string, Y.Doc]> = [
      [harbourId, manuscriptDoc([h(1, 'Harbour'), p(t('Boats came home at dusk.'))])],
      [
        lampRoomId,
        manuscriptDoc([
          h(1, 'The Lamp Room'),
          p(t(lampText)),
          node('image', { mediaId: 'lamp', caption: 'The lamp.' }),
        ]),
      ],
    ];
    for (const [chapterId, doc] of chapters) {
      await storage.append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc));
    }
    await putBookMedia(
      suite.server.deps,
      bookId,
      'lamp',
      SAMPLE_MEDIA.lamp.bytes,
      SAMPLE_MEDIA.lamp.contentType,
    );

    const context = await suite.browser.newContext({
      baseURL: suite.server.url,
      viewport: { width: 375, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signInThroughForm(page, owner.email);
    await page.goto(`/books/${bookId}`);
    await page.getByRole('link', { name: 'EPUB exports' }).click();
    await page.getByRole('heading', { name: 'Exports of Harbour Lights' }).waitFor();
    await page.getByText('No exports of this book yet.').waitFor();

    const exportButton = page.getByRole('button', { name: 'Export EPUB' });
    await exportButton.focus();
    await page.keyboard.press('Enter');
    const status = page.locator('.export-status[role="status"]');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/\d+%/);
    expect(await status.locator('progress').count()).toBe(1);
    await expect
      .poll(() => status.textContent(), { timeout: EXPORT_WAIT_MS, interval: 1000 })
      .toBe('Export finished. EPUBCheck passed; accessibility not claimed.');

    const epubCheck = page.getByRole('region', { name: /^EPUBCheck/ });
    await expect.poll(() => epubCheck.textContent()).toContain('Passed 0 errors, 0 warnings');
    const ace = page.getByRole('region', { name: /^Ace by DAISY/ });
    expect(await ace.textContent()).toMatch(/Failed \d+ critical/);
    const aceFindings = ace.getByRole('list', { name: 'Ace by DAISY findings' });
    expect(await aceFindings.textContent()).toContain('image-alt');
    await page.getByText('Accessibility conformance not claimed', { exact: false }).waitFor();
    // The exporter's own note about the image is placed in the same chapter.
    const notes = page.getByRole('list', { name: 'Changed or left out by the exporter' });
    await notes.getByRole('link', { name: 'Open “The Lamp Room”' }).waitFor();
    await page
      .getByRole('list', { name: 'Exports of this book' })
      .getByText('EPUBCheck passed, accessibility not claimed', { exact: false })
      .waitFor();

    // Usable at 375 px: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const axe = await new AxeBuilder({ page }).include('.exports-page').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download EPUB' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Harbour Lights.epub');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const files = await readZip(bytes);
    expect(files.get('mimetype')?.index).toBe(0);
    expect(files.get('mimetype')?.data.toString()).toBe('application/epub+zip');
    expect(files.get('EPUB/package.opf')?.data.toString()).not.toContain('dcterms:conformsTo');

    // The finding links to the image itself, and the editor opens with the image figure selected and
    // scrolled into view, as a validation problem's link does.
    const link = aceFindings.getByRole('link', { name: 'Open “The Lamp Room”' });
    expect(await link.getAttribute('href')).toBe(`/books/${bookId}/chapters/${lampRoomId}?at=${imageAt}`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(
      (url) =>
        url.pathname === `/books/${bookId}/chapters/${lampRoomId}` &&
        url.searchParams.get('at') === String(imageAt),
    );
    const figure = page.locator('.manuscript figure.manuscript-image');
    await figure.and(page.locator('.is-selected')).waitFor();
    await expect
      .poll(async () => {
        const box = await figure.boundingBox();
        return box !== null && box.y >= 0 && box.y < 800;
      })
      .toBe(true);

    // Back on the screen, the latest export is shown again; offline, exporting is calmly refused.
    await page.goBack();
    await page.getByRole('heading', { name: /^Export of / }).waitFor();
    await context.setOffline(true);
    await page.getByText('Exporting needs a connection', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Export EPUB' }).isDisabled()).toBe(true);
    await context.close();
  }, 360_000);

  it('exports a named version from the versions screen and says so on the exports screen, with the version’s text in the file', async () => {
    const owner = await registerUser(suite.server.url, 'Owner');
    const created = await callApi(suite.server.url, owner.token, 'POST', '/api/books', {
      title: 'Tide Tables',
      language: 'en',
      chapters: [{ title: 'Ebb' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const chapterId: string = created.body.chapters[0].id;
    const storage = chapterStorageFor(suite.server.deps);
    const docName = chapterDocName(bookId, chapterId);
    const saved = manuscriptDoc([h(1, 'Ebb'), p(t('The water went out at noon.'))]);
    await storage.append(docName, Y.encodeStateAsUpdate(saved));
    const version = await callApi(suite.server.url, owner.token, 'POST', `/api/books/${bookId}/versions`, {
      name: 'Final',
    });
    expect(version.status).toBe(201);
    // Written after the version: the export of "Final" must not hold it.
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(saved));
    const before = Y.encodeStateVector(later);
    const text = (later.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, ' Then it came back.');
    await storage.append(docName, Y.encodeStateAsUpdate(later, before));

    const context = await suite.browser.newContext({ baseURL: suite.server.url, acceptDownloads: true });
    const page = await context.newPage();
    await signInThroughForm(page, owner.email);
    await page.goto(`/books/${bookId}/versions`);
    await page.getByRole('heading', { name: 'Versions of Tide Tables' }).waitFor();
    await page.getByRole('button', { name: 'Export “Final” as EPUB' }).click();
    await page.waitForURL(`**/books/${bookId}/exports`);
    const status = page.locator('.export-status[role="status"]');
    await expect
      .poll(() => status.textContent(), { timeout: EXPORT_WAIT_MS, interval: 1000 })
      .toMatch(/^Export finished\. EPUBCheck passed/);
    await page.getByRole('heading', { name: /^Export of / }).waitFor();
    await page.getByText('Version “Final”', { exact: true }).waitFor();
    await page
      .getByRole('list', { name: 'Exports of this book' })
      .getByText('Version “Final”', { exact: false })
      .waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download EPUB' }).click(),
    ]);
    const files = await readZip(await readFile((await download.path())!));
    const chapter = files.get('EPUB/text/chapter-01.xhtml')?.data.toString() ?? '';
    expect(chapter).toContain('The water went out at noon.');
    expect(chapter).not.toContain('Then it came back.');
    await context.close();
  }, 360_000);
});
