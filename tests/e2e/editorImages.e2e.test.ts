import AxeBuilder from '@axe-core/playwright';
import { gradientPng } from '@galley/api/export/sampleImages';
import { chapterStorageFor } from '@galley/api/manuscripts/chapterDocs';
import { chapterDocName } from '@galley/shared/sync/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  browserSuite,
  callApi,
  type RegisteredUser,
  registerUser,
  signInThroughForm,
  waitForServiceWorker,
} from './support/browserKit.ts';

/**
 * Images in the chapter editor: placed through the toolbar's dialog (alt text required), uploaded to
 * the book's media library, and written to the chapter's Y.Doc as the `image` node the exporter
 * reads. Offline the bytes wait in IndexedDB and the queue uploads them when the network returns.
 * Presigned URLs sit on the app's origin (/s3), as `npm start` serves them.
 */
const suite = browserSuite({ sync: true, env: { S3_PUBLIC_URL: '/s3' } });
const contexts: BrowserContext[] = [];

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
});

interface ChapterRef {
  bookId: string;
  chapterId: string;
  path: string;
}

async function bookWithChapter(author: RegisteredUser, coAuthor?: RegisteredUser): Promise<ChapterRef> {
  const url = suite.server.url;
  const created = await callApi(url, author.token, 'POST', '/api/books', {
    title: `Harbour ${Math.random().toString(36).slice(2, 7)}`,
    chapters: [{ title: 'The Lamp' }],
  });
  expect(created.status).toBe(201);
  const bookId: string = created.body.id;
  if (coAuthor) {
    const added = await callApi(url, author.token, 'POST', `/api/books/${bookId}/members`, {
      email: coAuthor.email,
      role: 'co_author',
    });
    expect(added.status).toBe(201);
  }
  const chapterId: string = created.body.chapters[0].id;
  return { bookId, chapterId, path: `/books/${bookId}/chapters/${chapterId}` };
}

async function signedIn(person: RegisteredUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({
    baseURL: suite.server.url,
    viewport: { width: 1280, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  await signInThroughForm(page, person.email);
  return { context, page };
}

async function openChapter(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await chapterReady(page);
}

/** The chapter is on screen and in step with the server. */
async function chapterReady(page: Page): Promise<void> {
  await page.locator('.manuscript').waitFor();
  await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
}

/** The image nodes of the chapter as the server stores it (every attribute y-prosemirror wrote). */
async function storedImages(
  author: RegisteredUser,
  chapter: ChapterRef,
): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(
    `${suite.server.url}/api/books/${chapter.bookId}/chapters/${chapter.chapterId}/content`,
    { headers: { authorization: `Bearer ${author.token}` } },
  );
  expect(res.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
  const walker = doc
    .getXmlFragment('default')
    .createTreeWalker((type) => type instanceof Y.XmlElement && type.nodeName === 'image');
  return Array.from(walker, (element) => (element as Y.XmlElement).getAttributes());
}

/** The device's images waiting to upload (Dexie database `galley`, table `pendingImages`). */
function waitingOnDevice(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('galley');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('pendingImages').objectStore('pendingImages').count();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            resolve(request.result);
            open.result.close();
          };
        };
      }),
  );
}

/** An image in the book's library, uploaded through the api as any client would. */
async function libraryImage(author: RegisteredUser, bookId: string, alt: string): Promise<string> {
  const url = suite.server.url;
  const bytes = Buffer.from(gradientPng(24, 24));
  const started = await callApi(url, author.token, 'POST', `/api/books/${bookId}/media`, {
    kind: 'image',
    contentType: 'image/png',
    bytes: bytes.length,
  });
  expect(started.status).toBe(201);
  const { 'content-length': _length, ...headers } = started.body.upload.headers as Record<string, string>;
  const target = new URL(started.body.upload.url, url);
  expect((await fetch(target, { method: 'PUT', headers, body: bytes })).status).toBe(200);
  const done = await callApi(
    url,
    author.token,
    'POST',
    `/api/books/${bookId}/media/${started.body.mediaId}/complete`,
    {
      alt,
    },
  );
  expect(done.status).toBe(201);
  return started.body.mediaId as string;
}

const png = (name: string, width: number, height: number) => ({
  name,
  mimeType: 'image/png',
  buffer: Buffer.from(gradientPng(width, height)),
});

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.manuscript').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('images in the chapter editor', () => {
  it('refuses an image without alt text, then places one with alt text and caption that the server stores as the exporter reads it', async () => {
    const author = await registerUser(suite.server.url, 'Ila Strator');
    const chapter = await bookWithChapter(author);
    const { page } = await signedIn(author);
    await openChapter(page, chapter.path);
    await typeAtEnd(page, 'The lamp was lit at dusk.');

    // The toolbar's Image button is reached with the keyboard like every other tool.
    await page.getByRole('button', { name: 'Bold' }).focus();
    const focusedTool = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    for (let i = 0; i < 40 && (await focusedTool()) !== 'Image'; i++) await page.keyboard.press('ArrowRight');
    expect(await focusedTool()).toBe('Image');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.waitFor();

    await dialog.getByLabel('Image file (JPEG or PNG, up to 10 MB)').setInputFiles(png('lamp.png', 48, 32));
    await dialog.getByLabel('Caption (optional)').fill('The lamp, restored.');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    // Refused: the alt field says why and has focus; nothing was placed or uploaded.
    await dialog.getByText('alternative text is required').waitFor();
    const alt = dialog.getByLabel('Alternative text (required)');
    expect(await alt.getAttribute('aria-invalid')).toBe('true');
    expect(await alt.evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByLabel('Alternative text (required)').fill('   ');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await dialog.getByText('alternative text is required').waitFor();
    expect(await page.locator('.manuscript figure.manuscript-image').count()).toBe(0);
    const axe = await new AxeBuilder({ page }).include('dialog').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => v.id)).toEqual([]);
    const library = await callApi(
      suite.server.url,
      author.token,
      'GET',
      `/api/books/${chapter.bookId}/media`,
    );
    expect(library.body.items).toEqual([]);

    await alt.fill('A brass lamp with a glass chimney');
    await dialog.getByLabel('Credit (optional)').fill('Photo: Ila Strator');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await dialog.waitFor({ state: 'detached' });

    const figure = page.locator('.manuscript figure.manuscript-image');
    await figure.locator('img[alt="A brass lamp with a glass chimney"]').waitFor();
    expect(await figure.getAttribute('data-display')).toBe('library');
    expect(await figure.locator('figcaption').textContent()).toContain('The lamp, restored.');
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });

    const [stored, ...more] = await storedImages(author, chapter);
    expect(more).toEqual([]);
    const mediaId = stored?.mediaId as string;
    expect(mediaId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(stored).toEqual({
      mediaId,
      src: `/api/books/${chapter.bookId}/media/${mediaId}/content`,
      alt: 'A brass lamp with a glass chimney',
      caption: 'The lamp, restored.',
      credit: 'Photo: Ila Strator',
    });
    const items = await callApi(suite.server.url, author.token, 'GET', `/api/books/${chapter.bookId}/media`);
    expect(items.body.items).toMatchObject([
      { id: mediaId, alt: 'A brass lamp with a glass chimney', width: 48 },
    ]);
    // The validator counts the image as text with alt: no missing-alt problem.
    const validation = await callApi(
      suite.server.url,
      author.token,
      'GET',
      `/api/books/${chapter.bookId}/validation`,
    );
    expect(JSON.stringify(validation.body)).not.toContain('image_missing_alt');
  });

  it('places an image offline from the device, keeps it through a reload, and uploads it when the network returns', async () => {
    const author = await registerUser(suite.server.url, 'Ada Offline');
    const coAuthor = await registerUser(suite.server.url, 'Ben Online');
    const chapter = await bookWithChapter(author, coAuthor);
    const { context, page } = await signedIn(author);
    await openChapter(page, chapter.path);
    await waitForServiceWorker(page, () => chapterReady(page));

    await context.setOffline(true);
    await typeAtEnd(page, 'Gulls over the harbour.');
    await page.locator('.sync-status[data-kind="offline"]').waitFor();
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.getByLabel('Image file (JPEG or PNG, up to 10 MB)').setInputFiles(png('gulls.png', 40, 30));
    await dialog.getByLabel('Alternative text (required)').fill('Three gulls above the pier');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await dialog.waitFor({ state: 'detached' });

    const figure = page.locator('.manuscript figure.manuscript-image');
    await figure.locator('img[alt="Three gulls above the pier"]').waitFor();
    expect(await figure.getAttribute('data-display')).toBe('local');
    expect(await figure.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await figure.getByText('Waiting to upload from this device.').waitFor();
    expect(await waitingOnDevice(page)).toBe(1);

    // A reload with no network: the chapter and the image's bytes come back from IndexedDB.
    await page.reload();
    await figure.locator('img[alt="Three gulls above the pier"]').waitFor();
    expect(await figure.getAttribute('data-display')).toBe('local');
    expect(await figure.getAttribute('data-pending-upload')).toBe('Ada Offline');

    // Back online, but the upload itself fails: the text syncs, and a co-author sees whose device
    // holds the image.
    await context.route('**/api/books/*/media', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    const { page: benPage } = await signedIn(coAuthor);
    await openChapter(benPage, chapter.path);
    await benPage.getByText("Image uploading from Ada Offline's device.").waitFor({ timeout: 30_000 });
    const waiting = await storedImages(author, chapter);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ alt: 'Three gulls above the pier', pendingUpload: 'Ada Offline' });
    expect(waiting[0]).not.toHaveProperty('src');

    // The text is in the cloud, the image is not: signing out now would lose it, and the device says so.
    await page.goto('/account/device');
    await page.getByText('Waiting for the cloud: changes in 1 chapter(s) and 0 other change(s).').waitFor();
    await openChapter(page, chapter.path);

    // The network works again: the queue's next try uploads it under the id the chapter already names.
    await context.unroute('**/api/books/*/media');
    const benFigure = benPage.locator('.manuscript figure.manuscript-image');
    await benFigure.locator('img[alt="Three gulls above the pier"]').waitFor({ timeout: 60_000 });
    expect(await benFigure.getAttribute('data-display')).toBe('library');
    expect(await benFigure.getAttribute('data-pending-upload')).toBeNull();
    await figure.locator('img[alt="Three gulls above the pier"]').waitFor();
    await expect.poll(() => figure.getAttribute('data-display'), { timeout: 30_000 }).toBe('library');
    expect(await waitingOnDevice(page)).toBe(0);

    const mediaId = waiting[0]?.mediaId as string;
    await expect
      .poll(async () => (await storedImages(author, chapter))[0], { timeout: 30_000 })
      .toEqual({
        mediaId,
        src: `/api/books/${chapter.bookId}/media/${mediaId}/content`,
        alt: 'Three gulls above the pier',
      });
    const items = await callApi(suite.server.url, author.token, 'GET', `/api/books/${chapter.bookId}/media`);
    expect(items.body.items).toMatchObject([{ id: mediaId, width: 40, height: 30 }]);
  });

  it('uploads an image placed offline once the network returns on the library screen, and a co-author opening the chapter sees it', async () => {
    const author = await registerUser(suite.server.url, 'Cora Away');
    const coAuthor = await registerUser(suite.server.url, 'Dev Later');
    const chapter = await bookWithChapter(author, coAuthor);
    const { context, page } = await signedIn(author);
    await openChapter(page, chapter.path);
    await waitForServiceWorker(page, () => chapterReady(page));

    await context.setOffline(true);
    await typeAtEnd(page, 'Nets drying on the quay.');
    await page.locator('.sync-status[data-kind="offline"]').waitFor();
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.getByLabel('Image file (JPEG or PNG, up to 10 MB)').setInputFiles(png('nets.png', 36, 24));
    await dialog.getByLabel('Alternative text (required)').fill('Nets hung over a wooden rail');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await dialog.waitFor({ state: 'detached' });
    const figure = page.locator('.manuscript figure.manuscript-image');
    await figure.getByText('Waiting to upload from this device.').waitFor();
    expect(await waitingOnDevice(page)).toBe(1);

    // She leaves the chapter for her library, still offline, and the network comes back there.
    await page.getByRole('link', { name: 'My books', exact: true }).click();
    await page.getByRole('heading', { name: 'My books' }).waitFor();
    await context.setOffline(false);

    const library = async () =>
      (await callApi(suite.server.url, author.token, 'GET', `/api/books/${chapter.bookId}/media`)).body
        .items as Array<{ id: string; alt: string }>;
    await expect
      .poll(async () => (await library()).map((item) => item.alt), { timeout: 90_000, interval: 1_000 })
      .toEqual(['Nets hung over a wooden rail']);
    const mediaId = (await library())[0]?.id as string;
    // The chapter in the cloud names the library copy, and holds the text typed offline: the library
    // screen synced the chapter without an editor.
    await expect
      .poll(async () => (await storedImages(author, chapter))[0], { timeout: 60_000, interval: 1_000 })
      .toEqual({
        mediaId,
        src: `/api/books/${chapter.bookId}/media/${mediaId}/content`,
        alt: 'Nets hung over a wooden rail',
      });
    expect(await waitingOnDevice(page)).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/books');

    // The device knows the cloud has it all: nothing to lose by signing out.
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('link', { name: 'This device' }).click();
    await page.getByText('Everything on this device has reached the cloud.').waitFor({ timeout: 30_000 });

    const { page: devPage } = await signedIn(coAuthor);
    await openChapter(devPage, chapter.path);
    await devPage.getByText('Nets drying on the quay.').waitFor();
    const devFigure = devPage.locator('.manuscript figure.manuscript-image');
    await devFigure.locator('img[alt="Nets hung over a wooden rail"]').waitFor({ timeout: 30_000 });
    expect(await devFigure.getAttribute('data-display')).toBe('library');
    expect(await devFigure.getAttribute('data-pending-upload')).toBeNull();
    expect(await devPage.getByText("Image uploading from Cora Away's device.").count()).toBe(0);
  });

  it('warns about an image without alt text until a writer adds it in place, and places a library image', async () => {
    const author = await registerUser(suite.server.url, 'Lena Library');
    const chapter = await bookWithChapter(author);
    const harbourId = await libraryImage(author, chapter.bookId, 'The harbour wall at low tide');
    const mapId = await libraryImage(author, chapter.bookId, 'A map of the bay');
    // The chapter arrives with an image that has no alt text (as an import could write it).
    const seeded = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Low tide.')]);
    const image = new Y.XmlElement('image');
    image.setAttribute('mediaId', harbourId);
    image.setAttribute('src', `/api/books/${chapter.bookId}/media/${harbourId}/content`);
    seeded.getXmlFragment('default').insert(0, [paragraph, image]);
    await chapterStorageFor(suite.server.deps).append(
      chapterDocName(chapter.bookId, chapter.chapterId),
      Y.encodeStateAsUpdate(seeded),
    );

    const { page } = await signedIn(author);
    await openChapter(page, chapter.path);
    const figure = page.locator('.manuscript figure.manuscript-image');
    await figure.locator('img').waitFor();
    const warning = figure.getByRole('note');
    expect(await warning.textContent()).toContain('No alternative text');
    await figure.getByRole('button', { name: 'Edit image texts' }).click();
    const texts = page.getByRole('dialog', { name: 'Image texts' });
    await texts.getByRole('button', { name: 'Save texts' }).click();
    await texts.getByText('alternative text is required').waitFor();
    await texts.getByLabel('Alternative text (required)').fill('The harbour wall at low tide');
    await texts.getByRole('button', { name: 'Save texts' }).click();
    await texts.waitFor({ state: 'detached' });
    await warning.waitFor({ state: 'detached' });
    await figure.locator('img[alt="The harbour wall at low tide"]').waitFor();

    // A second image from the library: choosing it brings its alt text along. (Escape first: a
    // cancelled dialog gives focus back to the Image button.)
    await typeAtEnd(page, ' The bay.');
    const imageButton = page.getByRole('button', { name: 'Image', exact: true });
    await imageButton.click();
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => imageButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.getByLabel('One of the book’s images').check();
    await dialog.getByRole('radio', { name: 'A map of the bay' }).check();
    expect(await dialog.getByLabel('Alternative text (required)').inputValue()).toBe('A map of the bay');
    await dialog.getByLabel('Caption (optional)').fill('The bay, 1871.');
    await dialog.getByRole('button', { name: 'Insert image' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.manuscript img[alt="A map of the bay"]').waitFor();
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });

    await expect
      .poll(async () =>
        (await storedImages(author, chapter)).map((i) => [i.mediaId, i.alt, i.caption ?? null]),
      )
      .toEqual([
        [harbourId, 'The harbour wall at low tide', null],
        [mapId, 'A map of the bay', 'The bay, 1871.'],
      ]);
  });
});
