import { fileURLToPath } from 'node:url';
import { ensureClientBuilt } from '@galley/infra/clientBuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer } from '../support/testServer.ts';
import { callApi, launchChromium, registerUser, signInThroughForm } from './support/browserKit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let server: { url: string; close(): Promise<void> };
let browser: Browser;

vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  ensureClientBuilt(ROOT, () => undefined);
  // As npm start runs it: presigned media URLs at the app's own origin, checked and forwarded to s3rver.
  server = await startTestServer({ env: { S3_PUBLIC_URL: '/s3' } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('media uploads from the browser', () => {
  it('PUTs a cover to the presigned URL at the one app URL under the real CSP, and shows it back', async () => {
    const author = await registerUser(server.url, 'Author');
    const created = await callApi(server.url, author.token, 'POST', '/api/books', { title: 'Lanterns' });
    expect(created.status).toBe(201);
    const bookId: string = created.body.id;

    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInThroughForm(page, author.email);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

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
    await context.close();
  });
});
