import type { DomainEvent } from '@galley/shared/events/domainEvents';
import { chapterDocName } from '@galley/shared/sync/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { createBook } from '../domain/bookCreator.ts';
import { chapterStorageFor } from '../manuscripts/chapterDocs.ts';
import { chapterDoc, p } from '../validation/testManuscript.ts';
import { MiniSearchIndex } from './miniSearchIndex.ts';
import { SearchIndexer } from './searchIndexer.ts';
import { TextChangeWatcher } from './textChangeWatcher.ts';

describe('SearchIndexer and the text watcher', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  let sequence = 0;
  const event = (
    type: DomainEvent['type'],
    bookId: string,
    subject: Record<string, string> = {},
  ): DomainEvent => ({
    id: `01TESTEVENT${String(++sequence).padStart(6, '0')}`,
    type,
    at: new Date().toISOString(),
    bookId,
    subject,
    data: {},
  });
  const setup = () => {
    const index = new MiniSearchIndex();
    const indexer = new SearchIndexer(t.deps, index, chapterStorageFor(t.deps));
    return { index, indexer };
  };
  const write = (bookId: string, chapterId: string, text: string) => {
    // A whole new paragraph each time, as an editor's update appends to the log.
    const update = Y.encodeStateAsUpdate(chapterDoc(p(text)));
    return chapterStorageFor(t.deps).append(chapterDocName(bookId, chapterId), update);
  };
  const textOf = (index: MiniSearchIndex, bookId: string, chapterId: string) =>
    index.get(bookId)?.chapters.find((c) => c.chapterId === chapterId)?.text ?? '';

  it('re-reads text only for the events that change it, and drops binned books', async () => {
    const { index, indexer } = setup();
    const owner = await signedInUser(t, { roles: ['author'] });
    const book = await createBook(t.deps, {
      ownerId: owner.user.id,
      title: 'Marram',
      chapters: [{ title: 'Dunes' }],
    });
    const chapterId = book.chapters[0]!.id;
    await write(book.id, chapterId, 'sand');
    await indexer.handleEvent(event('book.created', book.id));
    expect(textOf(index, book.id, chapterId)).toBe('sand');

    await write(book.id, chapterId, 'grass');
    await indexer.handleEvent(event('book.updated', book.id));
    expect(textOf(index, book.id, chapterId)).toBe('sand');
    await indexer.handleEvent(event('media.added', book.id));
    expect(textOf(index, book.id, chapterId)).toBe('sand');
    await indexer.handleEvent(event('version.restored', book.id));
    expect(textOf(index, book.id, chapterId)).toContain('grass');

    const binned = await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    expect(binned.status).toBe(200);
    await indexer.handleEvent(event('book.binned', book.id));
    expect(index.has(book.id)).toBe(false);
    // Redelivered late, an older event reads the book as it is now (in the bin) and leaves it out.
    await indexer.handleEvent(event('book.updated', book.id));
    expect(index.has(book.id)).toBe(false);
  });

  it('checks quiet chapters in turn within its budget, and edited ones on every round', async () => {
    const { index, indexer } = setup();
    const book = await createBook(t.deps, {
      ownerId: 'o2',
      title: 'Shingle',
      chapters: [{ title: 'A' }, { title: 'B' }, { title: 'C' }],
    });
    await indexer.handleEvent(event('book.created', book.id));
    const [a, , c] = book.chapters.map((chapter) => chapter.id) as [string, string, string];
    const watcher = new TextChangeWatcher(t.deps, index, indexer, {
      intervalMs: 60_000,
      budget: 1,
      hotForMs: 600_000,
    });

    await write(book.id, a, 'alpha');
    await write(book.id, c, 'gamma');
    // Budget 1: one quiet chapter per round, in turn (A, then B, then C).
    expect(await watcher.tick()).toBe(1);
    expect(textOf(index, book.id, a)).toBe('alpha');
    expect(textOf(index, book.id, c)).toBe('');
    expect(await watcher.tick()).toBe(0);
    expect(await watcher.tick()).toBe(1);
    expect(textOf(index, book.id, c)).toBe('gamma');

    // A, edited before, is now checked on every round besides the one in turn.
    await write(book.id, a, 'again');
    expect(await watcher.tick()).toBe(1);
    expect(textOf(index, book.id, a)).toContain('again');
  });
});
