import { type BookDetail, BookDetailSchema } from '@galley/shared/api/books';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChapterOp,
  chapterRefusal,
  chapterRequestOf,
  readingOrder,
  reconcileOrder,
} from './chapterOps.ts';
import { rebaseOnOwnWrite, withPendingOps } from './outboxOps.ts';

const book = (chapters: [string, string][], version = 5): BookDetail =>
  BookDetailSchema.parse({
    id: 'b1',
    title: 'Book',
    subtitle: null,
    status: 'draft',
    ownerId: 'u1',
    role: 'owner',
    updatedAt: '2026-11-25T10:00:00.000Z',
    version,
    chapters: chapters.map(([id, title], index) => ({ id, title, order: index + 1, version: 2 })),
  });
const abc = book([
  ['a', 'Alpha'],
  ['b', 'Beta'],
  ['c', 'Gamma'],
]);
const reorder = (chapterIds: string[], base = ['a', 'b', 'c'], baseVersion = 5) =>
  ({
    kind: 'reorderChapters',
    bookId: 'b1',
    chapterIds,
    baseVersion,
    base,
    titles: { a: 'Alpha', b: 'Beta', c: 'Gamma' },
  }) satisfies ChapterOp;
const rename = (title: string, baseVersion = 2, baseTitle = 'Beta') =>
  ({
    kind: 'updateChapter',
    bookId: 'b1',
    chapterId: 'b',
    patch: { title },
    baseVersion,
    base: { title: baseTitle },
  }) satisfies ChapterOp;
const stale = (current: unknown) => ({ status: 409, code: 'conflict', details: { current } });

describe('chapter writes in the outbox', () => {
  it('become the api requests, the reorder guarded by the book version', () => {
    expect(chapterRequestOf(rename('New'))).toEqual({
      method: 'PATCH',
      path: '/api/books/b1/chapters/b',
      body: { title: 'New', version: 2 },
    });
    expect(chapterRequestOf(reorder(['c', 'a', 'b']))).toEqual({
      method: 'PUT',
      path: '/api/books/b1/chapters/order',
      body: { chapterIds: ['c', 'a', 'b'] },
      ifMatch: 5,
    });
    expect(
      chapterRequestOf({ kind: 'deleteChapter', bookId: 'b1', chapterId: 'c', title: 'Gamma' }),
    ).toMatchObject({ method: 'DELETE', path: '/api/books/b1/chapters/c' });
  });

  it('show at once: renamed, reordered and deleted in the order they were made', () => {
    const view = withPendingOps(abc, [
      rename('Beta two'),
      reorder(['c', 'a', 'b']),
      { kind: 'deleteChapter', bookId: 'b1', chapterId: 'a', title: 'Alpha' },
    ]);
    expect(readingOrder(view)).toEqual(['c', 'b']);
    expect(view.chapters.find((chapter) => chapter.id === 'b')).toMatchObject({
      title: 'Beta two',
      version: 3,
    });
  });

  it('move a queued reorder along our own earlier writes, not along anyone else’s', () => {
    const queued = reorder(['c', 'a', 'b']);
    expect(rebaseOnOwnWrite(queued, 'b1', 5, 6)).toMatchObject({ baseVersion: 6 });
    expect(rebaseOnOwnWrite(queued, 'b1', 6, 7)).toBe(queued);
    expect(rebaseOnOwnWrite(rename('x'), 'b1', 2, 3)).toMatchObject({ baseVersion: 2 });
  });

  it('re-apply a reorder silently when the other side did not reorder, and ask when it did', () => {
    const mine = reorder(['c', 'a', 'b']);
    // They renamed a chapter and added one after Gamma: my order still applies, Delta staying after Gamma.
    const renamed = book(
      [
        ['a', 'Alpha'],
        ['b', 'Beta!'],
        ['c', 'Gamma'],
        ['d', 'Delta'],
      ],
      7,
    );
    expect(chapterRefusal(mine, stale(renamed), true)).toEqual({
      action: 'retry',
      op: { ...mine, chapterIds: ['c', 'd', 'a', 'b'], baseVersion: 7, base: ['a', 'b', 'c', 'd'] },
    });
    const reordered = book(
      [
        ['b', 'Beta'],
        ['a', 'Alpha'],
        ['c', 'Gamma'],
      ],
      6,
    );
    expect(chapterRefusal(mine, stale(reordered), true)).toEqual({
      action: 'conflict',
      current: reordered,
      mine: ['Gamma', 'Alpha', 'Beta'],
      theirs: ['Beta', 'Alpha', 'Gamma'],
    });
    const same = book(
      [
        ['c', 'Gamma'],
        ['a', 'Alpha'],
        ['b', 'Beta'],
      ],
      6,
    );
    expect(chapterRefusal(mine, stale(same), true)).toEqual({ action: 'drop' });
  });

  it('re-apply a rename when they changed something else, and refuse it when they renamed too', () => {
    const chapter = (title: string, kind = 'chapter') => ({ id: 'b', title, order: 2, kind, version: 4 });
    expect(chapterRefusal(rename('Mine'), stale(chapter('Beta', 'part')), true)).toEqual({
      action: 'retry',
      op: { ...rename('Mine'), baseVersion: 4 },
    });
    expect(chapterRefusal(rename('Mine'), stale(chapter('Mine')), true)).toEqual({ action: 'drop' });
    expect(chapterRefusal(rename('Mine'), stale(chapter('Theirs')), true)).toMatchObject({
      action: 'fail',
      message: expect.stringContaining('“Theirs”'),
    });
    // Silent retries are bounded: past the limit even a harmless overlap goes to the user.
    expect(chapterRefusal(rename('Mine'), stale(chapter('Beta', 'part')), false)).toMatchObject({
      action: 'fail',
    });
  });

  it('count a delete of a chapter already gone as done', () => {
    const op: ChapterOp = { kind: 'deleteChapter', bookId: 'b1', chapterId: 'a', title: 'Alpha' };
    expect(chapterRefusal(op, { status: 404, code: 'not_found', details: undefined }, true)).toEqual({
      action: 'drop',
    });
    expect(chapterRefusal(op, { status: 403, code: 'forbidden', details: undefined }, true)).toEqual({
      action: 'other',
    });
  });
});

describe('reconcileOrder', () => {
  it('keeps my order for the chapters that remain and slots new ones after their neighbour', () => {
    expect(reconcileOrder(['c', 'a', 'b'], ['a', 'b', 'c'])).toEqual(['c', 'a', 'b']);
    expect(reconcileOrder(['c', 'a', 'b'], ['a', 'x', 'b'])).toEqual(['a', 'x', 'b']);
    expect(reconcileOrder(['c', 'a', 'b'], ['x', 'a', 'b', 'c'])).toEqual(['x', 'c', 'a', 'b']);
  });

  it('always names every present chapter exactly once (what the api requires)', () => {
    const ids = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 7 });
    fc.assert(
      fc.property(ids, ids, (wanted, present) => {
        const result = reconcileOrder(wanted, present);
        expect([...result].sort()).toEqual([...present].sort());
        // The chapters both know keep my relative order.
        const common = wanted.filter((id) => present.includes(id));
        expect(result.filter((id) => common.includes(id))).toEqual(common);
      }),
    );
  });
});
