import { type BookDetail, BookDetailSchema } from '@galley/shared/api/books';
import { describe, expect, it } from 'vitest';
import { fieldConflicts, type OutboxOp, rebaseOnOwnWrite, requestOf, withPendingOps } from './outboxOps.ts';

const book = (overrides: Partial<BookDetail> = {}): BookDetail =>
  BookDetailSchema.parse({
    id: 'b1',
    title: 'Original',
    subtitle: null,
    status: 'draft',
    ownerId: 'u1',
    role: 'owner',
    updatedAt: '2026-11-25T10:00:00.000Z',
    version: 7,
    chapters: [{ id: 'c1', title: 'One', order: 1 }],
    ...overrides,
  });

const retitle = (
  title: string,
  baseVersion = 7,
  baseTitle = 'Original',
): Extract<OutboxOp, { kind: 'updateBook' }> => ({
  kind: 'updateBook',
  bookId: 'b1',
  patch: { title },
  baseVersion,
  base: { title: baseTitle },
});
const newChapter: OutboxOp = {
  kind: 'createChapter',
  bookId: 'b1',
  chapterId: 'c2-0123456789abcdef',
  title: 'Two',
  chapterKind: 'chapter',
};

describe('outbox operations', () => {
  it('become requests carrying the version they were made on', () => {
    expect(requestOf(retitle('New'))).toEqual({
      method: 'PATCH',
      path: '/api/books/b1',
      body: { title: 'New' },
      ifMatch: 7,
    });
    expect(requestOf(newChapter)).toEqual({
      method: 'POST',
      path: '/api/books/b1/chapters',
      body: { id: 'c2-0123456789abcdef', title: 'Two', kind: 'chapter' },
    });
  });

  it('follow our own earlier write to the next version, and only that', () => {
    const queued = retitle('Later');
    expect(rebaseOnOwnWrite(queued, 'b1', 7, 8)).toMatchObject({ baseVersion: 8 });
    // Someone else wrote version 8 before our write made 9: the queued edit must meet that change.
    expect(rebaseOnOwnWrite(queued, 'b1', 8, 9)).toBe(queued);
    expect(rebaseOnOwnWrite(queued, 'other-book', 7, 8)).toBe(queued);
    expect(rebaseOnOwnWrite(newChapter, 'b1', 7, 8)).toBe(newChapter);
  });

  it('call it a conflict only when the other side changed a field I changed, to something else', () => {
    expect(fieldConflicts(retitle('Mine'), book({ version: 8, title: 'Theirs' }))).toEqual([
      { field: 'title', base: 'Original', mine: 'Mine', theirs: 'Theirs' },
    ]);
    // They changed another field: not a conflict, my title can go on top of their version.
    expect(fieldConflicts(retitle('Mine'), book({ version: 8, publisher: 'Someone' }))).toEqual([]);
    // They made the same change: nothing to choose.
    expect(fieldConflicts(retitle('Mine'), book({ version: 8, title: 'Mine' }))).toEqual([]);
    const contributors: OutboxOp = {
      kind: 'updateBook',
      bookId: 'b1',
      patch: { contributors: [{ name: 'Ada', role: 'aut' }] },
      baseVersion: 7,
      base: { contributors: [] },
    };
    expect(
      fieldConflicts(contributors, book({ contributors: [{ name: 'Ada', role: 'aut', sortName: null }] })),
    ).toEqual([]);
  });

  it('show the book with the writes still waiting applied, in order', () => {
    const view = withPendingOps(book(), [retitle('First'), newChapter, retitle('Second', 7, 'First')]);
    expect(view.title).toBe('Second');
    expect(view.chapters.map((c) => [c.title, c.order])).toEqual([
      ['One', 1],
      ['Two', 2],
    ]);
    // Once the server has the chapter, it is not shown twice.
    const saved = book({
      chapters: [
        ...book().chapters,
        { id: 'c2-0123456789abcdef', title: 'Two', order: 2, kind: 'chapter', version: 1 },
      ],
    });
    expect(withPendingOps(saved, [newChapter]).chapters).toHaveLength(2);
  });
});
