import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradientPng } from '@galley/api/export/sampleImages';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../support/testServer.ts';
import {
  callApi,
  E2E_PASSWORD,
  launchChromium,
  type RegisteredUser,
  registerUser,
} from './support/browserKit.ts';

/**
 * Media uploads in Chromium against the real server, as `npm start` runs it (presigned URLs on /s3 at
 * the app's own origin). The server serves a harness page (client/src/routes/books/mediaHarness/) that
 * mounts the cover section and the media library the way the book page does, so the real api, CSP and
 * proxy apply.
 */
const HARNESS = fileURLToPath(new URL('../../client/src/routes/books/mediaHarness', import.meta.url));
const OUT_DIR = join(tmpdir(), `galley-media-harness-${process.pid}`);

let server: { url: string; close(): Promise<void> };
let browser: Browser;

vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  await build({
    root: HARNESS,
    base: '/',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: OUT_DIR, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
  server = await startTestServer({ env: { S3_PUBLIC_URL: '/s3', CLIENT_DIST_DIR: OUT_DIR } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The harness signed in as `user`, showing `bookId`'s cover and images; CSP complaints collected. */
async function openHarness(
  user: RegisteredUser,
  bookId: string,
): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const query = new URLSearchParams({ book: bookId, email: user.email, password: E2E_PASSWORD });
  await page.goto(`/?${query}`);
  await page.getByRole('heading', { name: 'Cover' }).waitFor();
  return { page, violations };
}

async function newBook(title: string): Promise<{ author: RegisteredUser; bookId: string }> {
  const author = await registerUser(server.url, 'Author');
  const created = await callApi(server.url, author.token, 'POST', '/api/books', { title });
  expect(created.status).toBe(201);
  return { author, bookId: created.body.id };
}

describe('media uploads from the browser', () => {
  it('PUTs a cover to the presigned URL at the one app URL under the real CSP, and shows it back', async () => {
    const { author, bookId } = await newBook('Lanterns');
    const { page, violations } = await openHarness(author, bookId);

    const result = await page.evaluate(
      async ({ bookId, token }) => {
        const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        // A 400×600 PNG drawn by the browser itself.
        const canvas = document.createElement('canvas');
        canvas.width = 400;
        canvas.height = 600;
        const context2d = canvas.getContext('2d')!;
        context2d.fillStyle = '#a33';
        context2d.fillRect(0, 0, 400, 600);
        context2d.fillStyle = '#fff';
        context2d.fillText('Lanterns', 20, 40);
        const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));

        const started = await fetch(`/api/books/${bookId}/media`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ kind: 'cover', contentType: 'image/png', bytes: blob.size }),
        }).then((r) => r.json());
        const uploadUrl = new URL(started.upload.url);
        const put = await fetch(started.upload.url, {
          method: 'PUT',
          headers: { 'content-type': started.upload.headers['content-type'] },
          body: blob,
        });
        const completed = await fetch(`/api/books/${bookId}/media/${started.mediaId}/complete`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ alt: 'A red cover' }),
        });
        const item = await completed.json();
        const { url } = await fetch(`/api/books/${bookId}/media/${item.id}/url`, { headers: auth }).then(
          (r) => r.json(),
        );
        const shown = await new Promise<{ width: number; height: number }>((resolve, reject) => {
          const image = new Image();
          image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
          image.onerror = () => reject(new Error('the cover did not load'));
          image.src = url;
          document.body.append(image);
        });
        return {
          sameOrigin: uploadUrl.origin === location.origin,
          uploadPath: uploadUrl.pathname,
          putStatus: put.status,
          completeStatus: completed.status,
          item,
          shown,
        };
      },
      { bookId, token: author.token },
    );

    expect(result.sameOrigin).toBe(true);
    expect(result.uploadPath.startsWith('/s3/')).toBe(true);
    expect(result.putStatus).toBe(200);
    expect(result.completeStatus).toBe(201);
    expect(result.item).toMatchObject({ kind: 'cover', width: 400, height: 600, alt: 'A red cover' });
    expect(result.shown).toEqual({ width: 400, height: 600 });
    expect(violations).toEqual([]);

    const report = await callApi(server.url, author.token, 'GET', `/api/books/${bookId}/validation`);
    expect(report.body.problems.map((p: { code: string }) => p.code)).toContain('cover_too_small');
    await page.context().close();
  });

  it('uploads a cover through the cover section: preview, size and too-small warning, then the saved cover', async () => {
    const { author, bookId } = await newBook('Small Hours');
    const { page, violations } = await openHarness(author, bookId);
    await page.getByText('This book has no cover yet.').waitFor();
    const file = join(OUT_DIR, 'small-cover.png');
    await writeFile(file, gradientPng(400, 600));

    await page.getByLabel(/Choose a cover/).setInputFiles(file);
    await expect
      .poll(() => page.getByTestId('cover-preview-facts').textContent())
      .toMatch(/^400×600 px, \d+ KB$/);
    await page.getByTestId('cover-too-small').waitFor();
    await page.getByRole('button', { name: 'Upload cover' }).click();
    await page.getByText('The new cover is saved.').waitFor();
    expect(await page.getByTestId('cover-facts').textContent()).toMatch(/^400×600 px/);
    // The saved cover is shown from storage, through a presigned URL at this origin.
    const shown = page.locator('.cover-current img');
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(400);
    await page.getByTestId('cover-too-small').waitFor();
    expect(violations).toEqual([]);

    const covers = await callApi(server.url, author.token, 'GET', `/api/books/${bookId}/media?kind=cover`);
    expect(covers.body.items).toHaveLength(1);
    await page.context().close();
  });

  it('adds an image with alt text to the library and edits the alt text', async () => {
    const { author, bookId } = await newBook('Field Notes');
    const { page } = await openHarness(author, bookId);
    await page.getByText('No images yet.').waitFor();
    const file = join(OUT_DIR, 'figure.png');
    await writeFile(file, gradientPng(120, 80));

    const form = page.getByRole('form', { name: 'Upload an image' });
    await form.getByLabel('Image (JPEG or PNG, up to 10 MB)').setInputFiles(file);
    await form.getByLabel('Alternative text').fill('A map of the bay');
    await form.getByRole('button', { name: 'Upload image' }).click();
    const item = page.locator('.media-item');
    await item.getByText('120×80 px').waitFor();
    await item.getByLabel('Alternative text').fill('A map of the bay at low tide');
    await item.getByRole('button', { name: 'Save texts' }).click();
    await expect
      .poll(
        async () =>
          (await callApi(server.url, author.token, 'GET', `/api/books/${bookId}/media`)).body.items[0]?.alt,
      )
      .toBe('A map of the bay at low tide');
    await page.context().close();
  });
});
