import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, SAMPLE_BOOK } from '@galley/infra/seedDemo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, E2E_PASSWORD, registerUser, selectWord } from './browserKit.ts';

/**
 * The README's screenshots, made the way a reader would see the app:
 *
 *   npx tsx tests/e2e/support/readmeScreenshots.ts [outDir]   (default docs/screenshots)
 *
 * Starts the platform as `npm start` does (demo seed, fresh data folder in /tmp), adds a chapter to the
 * demo book through the Markdown import (headings, emphasis, a block quote, a footnote, a table), places
 * an image with a caption through the editor's dialog, has a co-author leave a comment and stay in the
 * chapter (their caret and presence show), and writes PNGs at device scale 1 so each stays small (the
 * whole book page as JPEG).
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs/screenshots'));
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

const CHAPTER_MARKDOWN = `# The Keeper's Log

## 14 October

The glass fell all afternoon. Elin trimmed the wick twice before dusk and wrote the readings in the
log in her *careful, upright hand*, the way her father had taught her, and underlined **gale** in red.[^1]

> Light the lamp at sunset and keep it burning until sunrise, whatever the weather and whoever asks
> you to put it out.

She read the standing order aloud to the empty room, as she did every night the sea came up.

| Hour | Wind | Sea |
| --- | --- | --- |
| 18:00 | SW 6 | Rough |
| 21:00 | SW 8 | Very high |
| 00:00 | W 9 | Phenomenal |

[^1]: The log survives in the harbour museum; the red ink has faded to brown.
`;

interface Galley {
  url: string;
  stop(): Promise<void>;
}

/** `npm start` in a child process with its own data folder; resolves with the URL it prints. */
async function startGalley(): Promise<Galley> {
  const dataDir = await mkdtemp(join(tmpdir(), 'galley-screenshots-'));
  const child: ChildProcess = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, GALLEY_DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((done, fail) => {
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /Galley is running at (\S+)/.exec(printed);
      if (match?.[1]) done(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}) before serving:\n${printed}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await once(child, 'exit');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function api(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

async function accessToken(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function signedIn(
  browser: Browser,
  url: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Page> {
  const context = await browser.newContext({ baseURL: url, viewport: DESKTOP, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Each role lands on its own first section; the header's Sign out says the session is there.
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** A small painted picture (dusk sky, sea, a lighthouse) as PNG bytes, drawn by the browser itself. */
async function lighthousePng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2d canvas');
    const sky = g.createLinearGradient(0, 0, 0, 230);
    sky.addColorStop(0, '#1d2b4f');
    sky.addColorStop(1, '#e8a66f');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 230);
    g.fillStyle = '#23415e';
    g.fillRect(0, 230, 640, 130);
    g.fillStyle = '#3b3630';
    g.beginPath();
    g.moveTo(330, 360);
    g.lineTo(420, 250);
    g.lineTo(640, 250);
    g.lineTo(640, 360);
    g.fill();
    g.fillStyle = '#f2efe6';
    g.beginPath();
    g.moveTo(470, 250);
    g.lineTo(482, 110);
    g.lineTo(518, 110);
    g.lineTo(530, 250);
    g.fill();
    g.fillStyle = '#b23a2e';
    g.fillRect(476, 170, 48, 22);
    g.fillStyle = '#ffd966';
    g.fillRect(484, 88, 32, 22);
    g.fillStyle = '#2b2b2b';
    g.beginPath();
    g.moveTo(478, 88);
    g.lineTo(500, 68);
    g.lineTo(522, 88);
    g.fill();
    g.fillStyle = 'rgba(255, 217, 102, 0.35)';
    g.beginPath();
    g.moveTo(500, 99);
    g.lineTo(60, 40);
    g.lineTo(60, 150);
    g.fill();
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

async function waitForCloud(page: Page): Promise<void> {
  await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 60_000 });
}

/**
 * PNG of the viewport, or of the whole page as JPEG (a long page as PNG passes 300 kB). Lazy images
 * below the fold load first, so a whole-page picture shows them.
 */
async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    const images = [...document.images];
    for (const image of images) image.loading = 'eager';
    await Promise.all(images.map((image) => image.decode().catch(() => undefined)));
  });
  // Carets, presence and the status line draw on their next frames.
  await page.waitForTimeout(800);
  const path = join(OUT, name);
  await page.screenshot(fullPage ? { path, fullPage, type: 'jpeg', quality: 80 } : { path });
  console.log(`wrote ${path}`);
}

const galley = await startGalley();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  await mkdir(OUT, { recursive: true });
  const { url } = galley;
  const adaToken = await accessToken(url, 'author@galley.test');
  const books = await api(url, adaToken, 'GET', '/api/books');
  const book = (books.items as Array<{ id: string; title: string }>).find(
    (b) => b.title === SAMPLE_BOOK.title,
  );
  if (!book) throw new Error('the demo book is missing');
  // A second book, so the library is not a single card.
  await api(url, adaToken, 'POST', '/api/books', {
    title: 'Salt Roads',
    subtitle: 'Essays on the coast path',
    chapters: [{ title: 'Departure' }, { title: 'The Ferry' }],
  });

  const ada = await signedIn(browser, url, 'author@galley.test');
  await ada.goto(`/books/${book.id}`);
  const importer = ada.getByRole('region', { name: 'Import chapters' });
  await importer.getByLabel('Word (.docx) or Markdown (.md) file, up to 20 MB').setInputFiles({
    name: 'keepers-log.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(CHAPTER_MARKDOWN),
  });
  await importer.getByRole('button', { name: 'Import' }).click();
  await importer.getByRole('status').getByText('Imported 1 chapter').waitFor({ timeout: 60_000 });
  await importer.getByRole('link', { name: "The Keeper's Log" }).click();
  const manuscript = ada.locator('.manuscript');
  await manuscript.locator('table').waitFor({ timeout: 30_000 });
  await waitForCloud(ada);
  const chapterPath = new URL(ada.url()).pathname;

  // The image goes after the paragraph that follows the quote, with a caption, through the dialog.
  await selectWord(manuscript.locator('p', { hasText: 'She read the standing order' }), 'up.');
  await ada.keyboard.press('End');
  await ada.getByRole('button', { name: 'Image', exact: true }).click();
  const dialog = ada.getByRole('dialog', { name: 'Insert an image' });
  await dialog.getByLabel('Image file (JPEG or PNG, up to 10 MB)').setInputFiles({
    name: 'lighthouse.png',
    mimeType: 'image/png',
    buffer: await lighthousePng(ada),
  });
  await dialog.getByLabel('Alternative text (required)').fill('A white lighthouse on a rocky point at dusk');
  await dialog.getByLabel('Caption (optional)').fill('Skerry Point light, the evening the glass fell.');
  await dialog.getByRole('button', { name: 'Insert image' }).click();
  await dialog.waitFor({ state: 'detached' });
  await manuscript
    .locator('figure.manuscript-image[data-display="library"] img')
    .waitFor({ timeout: 30_000 });
  await waitForCloud(ada);

  // A co-author reads the chapter, leaves a question on a word and stays: caret and presence show.
  // (The demo editor reaches books through Assignments, which the demo does not fill.)
  const nils = await registerUser(url, 'Nils Berg');
  await api(url, adaToken, 'POST', `/api/books/${book.id}/members`, { email: nils.email, role: 'co_author' });
  const nilsPage = await signedIn(browser, url, nils.email, E2E_PASSWORD);
  await nilsPage.goto(chapterPath);
  const nilsText = nilsPage.locator('.manuscript');
  await nilsText.locator('table').waitFor({ timeout: 30_000 });
  await selectWord(nilsText.locator('blockquote p').first(), 'whoever');
  const panel = nilsPage.locator('.comments-panel');
  await panel.getByRole('button', { name: 'Comment', exact: true }).click();
  await panel
    .getByRole('textbox', { name: 'Comment on the selected text' })
    .fill('Is this the Board’s wording? If so, let’s cite the year of the order.');
  await panel.getByRole('button', { name: 'Add comment' }).click();
  await panel.locator('.comment-thread').waitFor();
  // Writing the comment took his focus out of the text, which hides his caret from others: he goes
  // back to the word he asked about.
  await selectWord(nilsText.locator('blockquote p').first(), 'whoever');

  await ada.locator('.comments-panel .comment-thread').waitFor({ timeout: 30_000 });
  await ada.locator('.collaboration-carets__label', { hasText: 'Nils Berg' }).waitFor({ timeout: 30_000 });
  await manuscript.locator('p').last().click();
  await waitForCloud(ada);
  await ada.evaluate(() => window.scrollTo(0, 0));
  await shoot(ada, 'editor-desktop.png');
  await ada.locator('.comments-panel').screenshot({ path: join(OUT, 'comments-panel.png') });
  console.log(`wrote ${join(OUT, 'comments-panel.png')}`);
  await ada.setViewportSize(PHONE);
  await ada.evaluate(() => window.scrollTo(0, 0));
  await shoot(ada, 'editor-375px.png');

  await ada.setViewportSize(DESKTOP);
  await ada.goto(`/books/${book.id}`);
  await ada.getByRole('heading', { name: SAMPLE_BOOK.title }).waitFor();
  await ada.getByText('Nils Berg').first().waitFor({ timeout: 30_000 });
  // The activity tally is written in batches: ask again until the co-author's part is in.
  const activity = ada.getByRole('region', { name: 'Activity' });
  for (let i = 0; i < 15 && !(await activity.getByText(/^Nils Berg /).count()); i++) {
    await ada.waitForTimeout(2_000);
    await activity.getByRole('button', { name: 'Refresh activity' }).click();
  }
  await shoot(ada, 'book-desktop.jpg', true);
  await ada.setViewportSize(PHONE);
  await shoot(ada, 'book-375px.png');

  await ada.setViewportSize(DESKTOP);
  await ada.goto('/books');
  await ada.getByText('Salt Roads').waitFor();
  await shoot(ada, 'library.png');
} catch (error) {
  // What each page showed when it went wrong, beside the pictures.
  for (const [i, page] of browser
    .contexts()
    .flatMap((context) => context.pages())
    .entries())
    await page.screenshot({ path: join(OUT, `failed-${i}.png`) }).catch(() => undefined);
  throw error;
} finally {
  await browser.close();
  await galley.stop();
}
