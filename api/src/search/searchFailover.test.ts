import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestEnv, prepareStorage } from '../../../tests/support/testApp.ts';
import { type AppDeps, closeDeps, createDeps } from '../deps.ts';
import { createBook } from '../domain/bookCreator.ts';
import { DEFAULT_SEARCH_OPTIONS, SearchService, type SearchServiceOptions } from './searchService.ts';

/**
 * Two api nodes sharing one table, bucket and real Redis: one holds the indexer lease and consumes
 * the events, the other serves from the snapshots it writes; when the indexer stops, the other
 * takes the lease over and indexes from then on.
 */
describe('search across two nodes with Redis', () => {
  let nodes: AppDeps[] = [];
  const options: SearchServiceOptions = {
    ...DEFAULT_SEARCH_OPTIONS,
    mode: 'auto',
    snapshotEveryMs: 200,
    followEveryMs: 200,
    leaseMs: 1_500,
  };

  beforeAll(async () => {
    const env = buildTestEnv({ redis: true });
    await prepareStorage(env);
    nodes = [await createDeps(env), await createDeps(env)];
    for (const deps of nodes) deps.events.start();
  });
  afterAll(async () => {
    for (const deps of nodes) await closeDeps(deps);
  });

  it('one node indexes, the other follows its snapshots, and takes over when it stops', async () => {
    const [a, b] = nodes as [AppDeps, AppDeps];
    const first = new SearchService(a, options);
    await first.start();
    const second = new SearchService(b, options);
    await second.start();
    expect([first.role, second.role]).toEqual(['indexer', 'follower']);

    const early = await createBook(a, { ownerId: 'owner-1', title: 'Kestrel', chapters: [] });
    await vi.waitFor(() => expect(first.index.has(early.id)).toBe(true));
    await vi.waitFor(() => expect(second.index.has(early.id)).toBe(true));

    await first.stop();
    await vi.waitFor(() => expect(second.role).toBe('indexer'));
    const late = await createBook(b, { ownerId: 'owner-1', title: 'Merlin', chapters: [] });
    await vi.waitFor(() => expect(second.index.has(late.id)).toBe(true));
    expect(second.index.has(early.id)).toBe(true);
    await second.stop();
  });
});
