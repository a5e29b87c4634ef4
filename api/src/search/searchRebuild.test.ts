import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { createBook } from '../domain/bookCreator.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { chapterDoc, p } from '../validation/testManuscript.ts';
import { MiniSearchIndex } from './miniSearchIndex.ts';
import type { SearchViewer } from './searchIndex.ts';
import { runSearchRebuild } from './searchRebuild.ts';
import { DEFAULT_SEARCH_OPTIONS, SearchService } from './searchService.ts';
import { loadSearchSnapshot } from './searchSnapshots.ts';

describe('search rebuild and snapshots', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No event dispatcher runs here: every change below reaches the index only through a rebuild,
    // a snapshot or the start-up reconciliation, which is what this file is about.
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const publisher: SearchViewer = { userId: 'someone', roles: ['publisher'] };
  const titles = (index: { search: MiniSearchIndex['search'] }, q: string) =>
    index.search({ q, filters: {}, viewer: publisher, limit: 20 }).items.map((item) => item.title);

  async function bookWithText(ownerId: string, title: string, text: string) {
    const book = await createBook(t.deps, { ownerId, title, chapters: [{ title: 'One' }] });
    const chapterId = book.chapters[0]!.id;
    const update = Y.encodeStateAsUpdate(chapterDoc(p(text)));
    await chapterStorageFor(t.deps).append(chapterDocName(book.id, chapterId), update);
    return book;
  }

  it('rebuilds from the table and chapter documents, leaves the bin out, and a running indexer adopts it', async () => {
    const owner = await signedInUser(t, { roles: ['author'] });
    const first = await bookWithText(owner.user.id, 'Tidewater', 'The estuary smelled of kelp and diesel.');
    const service = new SearchService(t.deps, { ...DEFAULT_SEARCH_OPTIONS, mode: 'on' });
    await service.start();
    // No snapshot yet: the indexer builds one from the table in the background.
    await vi.waitFor(() => expect(service.index.has(first.id)).toBe(true));
    await vi.waitFor(async () =>
      expect((await loadSearchSnapshot(t.deps, new MiniSearchIndex())).loaded).toBe(true),
    );
    await service.saveIfDirty();
    // Its own snapshot is not mistaken for a rebuild (that would reload it every round).
    expect(await service.adoptRebuild()).toBe(false);

    // Written while nobody told the indexer (no events run here).
    const second = await bookWithText(owner.user.id, 'Saltmarsh', 'Curlews called over the estuary mud.');
    const binned = await bookWithText(owner.user.id, 'Binned estuary', 'Estuary again.');
    const deleted = await t.request('DELETE', `/api/books/${binned.id}`, { token: owner.token });
    expect(deleted.status).toBe(200);
    expect(titles(service.index, 'curlews')).toEqual([]);

    const result = await runSearchRebuild(t.deps);
    expect(result.books).toBeGreaterThanOrEqual(2);
    const fromSnapshot = new MiniSearchIndex();
    await loadSearchSnapshot(t.deps, fromSnapshot);
    expect(titles(fromSnapshot, 'estuary').sort()).toEqual(['Saltmarsh', 'Tidewater']);
    const [hit] = fromSnapshot.search({ q: 'curlews', filters: {}, viewer: publisher, limit: 5 }).items;
    expect(hit?.snippets.find((s) => s.field === 'text')?.chapterId).toBe(second.chapters[0]!.id);

    expect(await service.adoptRebuild()).toBe(true);
    expect(await service.adoptRebuild()).toBe(false);
    expect(titles(service.index, 'curlews')).toEqual(['Saltmarsh']);
    await service.stop();
  });

  it('a node starting from an old snapshot reconciles it with the table', async () => {
    const owner = await signedInUser(t, { roles: ['author'] });
    const kept = await bookWithText(owner.user.id, 'Fenland', 'Reeds and herons by the dyke.');
    await runSearchRebuild(t.deps);
    // Changed after the snapshot, with no event reaching any indexer.
    const renamed = await t.request('PATCH', `/api/books/${kept.id}`, {
      token: owner.token,
      headers: { 'if-match': `"${kept.version}"` },
      body: { title: 'Broadland' },
    });
    expect(renamed.status).toBe(200);
    const late = await bookWithText(owner.user.id, 'Wash', 'Herons again, and samphire.');

    const service = new SearchService(t.deps, { ...DEFAULT_SEARCH_OPTIONS, mode: 'on' });
    await service.start();
    await vi.waitFor(() => expect(titles(service.index, 'herons').sort()).toEqual(['Broadland', 'Wash']));
    expect(service.index.get(late.id)?.chapters[0]?.text).toContain('samphire');
    await service.stop();
  });
});
