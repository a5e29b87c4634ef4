import { gradientPng } from '@galley/api/export/sampleImages';
import { readManuscript } from '@galley/api/export/xhtml/manuscriptTree';
import { buildDocx, footnoteRef, heading, image, para, run, table } from '@galley/api/import/docxFixtures';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  browserSuite,
  callApi,
  type RegisteredUser,
  registerUser,
  signInThroughForm,
} from './support/browserKit.ts';

/**
 * Importing from the browser: a Word file becomes a new book from the library page, a Markdown file adds
 * chapters on the book page, and a bad file is refused with a message, all through the real server
 * (presigned upload on /s3, the import job, the sync server) and opened in the real TipTap editor, which
 * is the proof that the imported documents have the shape the editor reads.
 */
const suite = browserSuite({ sync: true, env: { S3_PUBLIC_URL: '/s3' } });
const contexts: BrowserContext[] = [];

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
});

async function signedIn(person: RegisteredUser): Promise<Page> {
  const context = await suite.browser.newContext({
    baseURL: suite.server.url,
    viewport: { width: 1280, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  await signInThroughForm(page, person.email);
  return page;
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('importing manuscripts in the browser', () => {
  it('turns a Word file into a new book whose chapters open in the editor with their formatting', async () => {
    const author = await registerUser(suite.server.url, 'Author');
    const page = await signedIn(author);
    const docx = await buildDocx({
      body: [
        heading(1, 'The Storm'),
        para([run('The wind came in '), run('hard', { b: true }), run(' at dusk.'), footnoteRef(1)]),
        table([
          ['Hour', 'Waves'],
          ['9', '12'],
        ]),
        para([image('rIdLight', 'A lighthouse')]),
        heading(1, 'Morning Light'),
        para([run('The sea lay '), run('flat', { i: true }), run('.')]),
      ],
      footnotes: { 1: 'October, as always.' },
      images: { rIdLight: { bytes: gradientPng(40, 30), extension: 'png' } },
    });

    await page.getByText('New book from a file').click();
    await page.getByLabel('Word (.docx) or Markdown (.md) file, up to 20 MB').setInputFiles({
      name: 'storm.docx',
      mimeType: DOCX_TYPE,
      buffer: docx,
    });
    await page.getByLabel('Title').fill('The Lighthouse');
    await page.getByRole('button', { name: 'Create the book' }).click();

    // The new book opens once the job is done.
    await page.getByRole('heading', { name: 'The Lighthouse', level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'The Storm' }).first().click();
    const editor = page.locator('.manuscript');
    await editor.waitFor();
    await expect.poll(() => editor.locator('h1').textContent(), { timeout: 30_000 }).toBe('The Storm');
    expect(await editor.locator('strong').textContent()).toBe('hard');
    expect(await editor.locator('.footnote-marker').getAttribute('title')).toBe('October, as always.');
    expect(await editor.locator('table td, table th').allTextContents()).toEqual([
      'Hour',
      'Waves',
      '9',
      '12',
    ]);
    expect(await editor.locator('figure img').getAttribute('alt')).toBe('A lighthouse');

    // Opening it in the editor changed nothing the exporter reads: the stored chapter keeps every node.
    await page.locator('.sync-status[data-kind="cloud"]').waitFor({ timeout: 30_000 });
    const [, bookId, chapterId] = /\/books\/([^/]+)\/chapters\/([^/?]+)/.exec(page.url()) ?? [];
    const stored = await fetch(`${suite.server.url}/api/books/${bookId}/chapters/${chapterId}/content`, {
      headers: { authorization: `Bearer ${author.token}` },
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await stored.arrayBuffer()));
    const blocks = readManuscript(doc).content.map((block) => (block.kind === 'node' ? block.type : 'text'));
    expect(blocks).toEqual(['heading', 'paragraph', 'table', 'image']);
  });

  it('adds a Markdown file’s chapters to a book, links to them, and refuses a file that is not Word', async () => {
    const author = await registerUser(suite.server.url, 'Writer');
    const created = await callApi(suite.server.url, author.token, 'POST', '/api/books', {
      title: 'Harbour',
      chapters: [{ title: 'Prologue' }],
    });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;
    const page = await signedIn(author);
    await page.goto(`/books/${bookId}`);
    const section = page.getByRole('region', { name: 'Import chapters' });
    const fileInput = section.getByLabel('Word (.docx) or Markdown (.md) file, up to 20 MB');

    await fileInput.setInputFiles({
      name: 'broken.docx',
      mimeType: DOCX_TYPE,
      buffer: Buffer.from('not a zip'),
    });
    await section.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => section.getByRole('alert').textContent()).toContain('not a Word document');

    await fileInput.setInputFiles({
      name: 'more.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Second\n\nSome **bold** text.\n\n# Third\n\nMore.\n'),
    });
    await section.getByRole('button', { name: 'Import' }).click();
    const result = section.getByRole('status');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('Imported 2 chapters');
    const book = await callApi(suite.server.url, author.token, 'GET', `/api/books/${bookId}`);
    expect(book.body.chapters.map((c: { title: string }) => c.title)).toEqual([
      'Prologue',
      'Second',
      'Third',
    ]);

    await result.getByRole('link', { name: 'Third' }).click();
    const editor = page.locator('.manuscript');
    await expect.poll(() => editor.locator('h1').textContent(), { timeout: 30_000 }).toBe('Third');
  });
});
