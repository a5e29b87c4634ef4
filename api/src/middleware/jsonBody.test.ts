import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTestServer, startTestServer } from '../../../tests/support/testServer.ts';

/** A raw HTTP/1.1 request as a browser frames it: no Content-Length and no chunking when `body` is absent. */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('JSON-only bodies over real HTTP', () => {
  let server: RunningTestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { CLIENT_DIST_DIR: mkdtempSync(join(tmpdir(), 'galley-no-client-')) },
    });
  });
  afterAll(() => server.close());

  it('lets a body-less DELETE through (browsers send it without Content-Length) and still refuses an untyped body', async () => {
    const registered = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `deleter-${Date.now().toString(36)}@example.test`,
        password: 'plum orchard tide lantern',
        displayName: 'Deleter',
      }),
    });
    const { accessToken } = (await registered.json()) as { accessToken: string };
    const created = await fetch(`${server.url}/api/books`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ title: 'Short Book', chapters: [{ title: 'One' }, { title: 'Two' }] }),
    });
    const book = (await created.json()) as { id: string; chapters: { id: string }[] };
    const chapterUrl = (index: number) =>
      `${server.url}/api/books/${book.id}/chapters/${book.chapters[index]!.id}`;
    const auth = { authorization: `Bearer ${accessToken}` };

    const untyped = await rawRequest(chapterUrl(1), 'DELETE', { ...auth, 'content-length': '1' }, 'x');
    expect(untyped.status).toBe(415);
    const deleted = await rawRequest(chapterUrl(0), 'DELETE', auth);
    expect(deleted.status).toBe(200);
    expect((JSON.parse(deleted.body) as { chapters: unknown[] }).chapters).toHaveLength(1);
  });
});
