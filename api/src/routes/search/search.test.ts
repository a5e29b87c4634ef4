import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../../tests/support/testApp.ts';
import { chapterStorageFor } from '../../manuscripts/chapterDocs.ts';
import { searchServiceFor } from '../../search/searchService.ts';
import { keys } from '../../store/keys.ts';
import { chapterDoc, h, p } from '../../validation/testManuscript.ts';
import { ifMatch, registeredUser } from '../books/bookTestKit.ts';
import { SEARCHES_PER_MINUTE } from './search.routes.ts';

describe('GET /api/search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    // The server would start both; this app has no server.
    t.deps.events.start();
    await searchServiceFor(t.deps).start();
  });
  afterAll(async () => {
    await searchServiceFor(t.deps).stop();
    await t.close();
  });

  const unique = () => Math.random().toString(36).slice(2, 8);
  const search = (token: string, query: string) => t.request('GET', `/api/search?${query}`, { token });
  const found = async (token: string, query: string) =>
    ((await search(token, query)).body.items as { bookId: string }[]).map((item) => item.bookId);

  async function createBook(token: string, body: Record<string, unknown>) {
    const res = await t.request('POST', '/api/books', { token, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; chapters: { id: string; title: string }[] };
  }

  /** Writes chapter text where the sync server keeps it, as an editor's update would. */
  async function writeChapter(bookId: string, chapterId: string, ...paragraphs: string[]) {
    const doc = chapterDoc(h(1, 'Heading'), ...paragraphs.map((text) => p(text)));
    await chapterStorageFor(t.deps).append(chapterDocName(bookId, chapterId), Y.encodeStateAsUpdate(doc));
  }

  it('finds chapter text edited through the sync server, only for people who may read the book', async () => {
    const word = `zephyr${unique()}`;
    const author = await signedInUser(t, { roles: ['author'] });
    const stranger = await signedInUser(t, { roles: ['author', 'editor'] });
    const publisher = await signedInUser(t, { roles: ['publisher'] });
    const book = await createBook(author.token, {
      title: `Winds ${unique()}`,
      chapters: [{ title: 'Gales' }],
    });
    const chapter = book.chapters[0]!;
    await vi.waitFor(async () => expect(searchServiceFor(t.deps).index.has(book.id)).toBe(true));

    await writeChapter(book.id, chapter.id, `The ${word} rose over the <b>bay</b> at dusk.`);
    // The text watcher finds the new log entry on its next round; run that round now.
    expect(await searchServiceFor(t.deps).watcher.tick()).toBeGreaterThanOrEqual(1);

    const res = await search(author.token, `q=${word}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [hit] = res.body.items;
    expect(hit).toMatchObject({ bookId: book.id, title: expect.stringMatching(/^Winds /), status: 'draft' });
    const snippet = hit.snippets.find((s: { field: string }) => s.field === 'text');
    expect(snippet).toMatchObject({ chapterId: chapter.id, chapterTitle: 'Gales' });
    const [[start, end]] = snippet.highlights;
    expect(snippet.text.slice(start, end)).toBe(word);
    expect(snippet.text).toContain('<b>bay</b>');

    expect(await found(stranger.token, `q=${word}`)).toEqual([]);
    expect(await found(publisher.token, `q=${word}`)).toEqual([book.id]);
  });

  it('follows renames, membership and the bin through events', async () => {
    const title = `Lantern${unique()}`;
    const owner = await signedInUser(t, { roles: ['author'] });
    // Registered (with the email lookup item): members are added by email.
    const editor = await registeredUser(t, { roles: ['editor'] });
    const book = await createBook(owner.token, {
      title,
      language: 'en-GB',
      contributors: [{ name: 'Rhiannon Wyn', role: 'aut' }],
    });
    await vi.waitFor(async () => expect(await found(owner.token, `q=${title}`)).toEqual([book.id]));
    expect(await found(owner.token, `q=${title}&language=en&contributor=rhiannon`)).toEqual([book.id]);
    expect(await found(owner.token, `q=${title}&language=fr`)).toEqual([]);
    expect(await found(owner.token, `q=${title}&status=published`)).toEqual([]);

    const added = await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: editor.user.email, role: 'editor' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await vi.waitFor(async () => expect(await found(editor.token, `q=${title}`)).toEqual([book.id]));

    const renamed = `Beacon${unique()}`;
    const current = await t.request('GET', `/api/books/${book.id}`, { token: owner.token });
    const patched = await t.request('PATCH', `/api/books/${book.id}`, {
      token: owner.token,
      headers: ifMatch(current.body.version),
      body: { title: renamed },
    });
    expect(patched.status).toBe(200);
    await vi.waitFor(async () => expect(await found(owner.token, `q=${renamed}`)).toEqual([book.id]));
    expect(await found(owner.token, `q=${title}`)).toEqual([]);

    const binned = await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    expect(binned.status).toBe(200);
    await vi.waitFor(async () => expect(await found(owner.token, `q=${renamed}`)).toEqual([]));
  });

  it('asks the table before answering, so access taken away shows before its event is indexed', async () => {
    const word = `ember${unique()}`;
    const owner = await signedInUser(t, { roles: ['author'] });
    const editor = await registeredUser(t, { roles: ['editor'] });
    const book = await createBook(owner.token, { title: word });
    const added = await t.request('POST', `/api/books/${book.id}/members`, {
      token: owner.token,
      body: { email: editor.user.email, role: 'editor' },
    });
    expect(added.status).toBe(201);
    await vi.waitFor(async () => expect(await found(editor.token, `q=${word}`)).toEqual([book.id]));

    // Removed behind the index's back: no event will tell it.
    await t.deps.ddb.send(
      new DeleteCommand({ TableName: t.deps.table, Key: keys.member(book.id, editor.user.id) }),
    );
    expect(await found(editor.token, `q=${word}`)).toEqual([]);
    expect(await found(owner.token, `q=${word}`)).toEqual([book.id]);
    // And the index was told to read the book again.
    await vi.waitFor(() =>
      expect(searchServiceFor(t.deps).index.get(book.id)?.members[editor.user.id]).toBeUndefined(),
    );
  });

  it('is described in the OpenAPI document with its query parameters', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const operation = doc.body.paths['/api/search'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['contributor', 'cursor', 'language', 'limit', 'q', 'status', 'subject'].sort(),
    );
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
  });

  it('pages with a cursor and rejects bad input naming the field', async () => {
    const word = `quill${unique()}`;
    const owner = await signedInUser(t, { roles: ['author'] });
    for (let i = 0; i < 5; i++) await createBook(owner.token, { title: `${word} ${i}` });
    await vi.waitFor(async () => expect(await found(owner.token, `q=${word}&limit=50`)).toHaveLength(5));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await search(owner.token, `q=${word}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((item: { bookId: string }) => item.bookId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);

    const firstPage = await search(owner.token, `q=${word}&limit=2`);
    const cases: [string, string][] = [
      ['', 'q'],
      [`q=${'a'.repeat(201)}`, 'q'],
      [`q=${word}&limit=500`, 'limit'],
      [`q=${word}&status=lost`, 'status'],
      [`q=${word}&language=${encodeURIComponent('<script>')}`, 'language'],
      [`q=${word}&cursor=${'x'.repeat(600)}`, 'cursor'],
      [`q=other&cursor=${firstPage.body.nextCursor}`, 'cursor'],
      [`q=${word}&colour=red`, 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await search(owner.token, query);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.error), query).toContain(field);
    }
    expect((await t.request('GET', `/api/search?q=${word}`)).status).toBe(401);
  });

  it('limits how often one person may search', async () => {
    const searcher = await signedInUser(t, { roles: ['author'] });
    const statuses: number[] = [];
    for (let i = 0; i <= SEARCHES_PER_MINUTE; i++)
      statuses.push((await search(searcher.token, 'q=anything')).status);
    expect(statuses.slice(0, SEARCHES_PER_MINUTE).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Someone else is not held up by it.
    const other = await signedInUser(t, { roles: ['author'] });
    expect((await search(other.token, 'q=anything')).status).toBe(200);
  });
});
