import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropOrder, moveBy, movedMessage, moveTo, shownOrder } from './chapterMoves.ts';

describe('chapter moves', () => {
  it('step a chapter up or down, and not past either end', () => {
    expect(moveBy(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveBy(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveBy(['a', 'b', 'c'], 'a', -1)).toBeNull();
    expect(moveBy(['a', 'b', 'c'], 'c', 1)).toBeNull();
    expect(moveBy(['a', 'b', 'c'], 'x', 1)).toBeNull();
  });

  it('drop before or after the chapter under the pointer', () => {
    const ids = ['a', 'b', 'c', 'd'];
    expect(dropOrder(ids, 'a', 'c', true)).toEqual(['b', 'a', 'c', 'd']);
    expect(dropOrder(ids, 'a', 'c', false)).toEqual(['b', 'c', 'a', 'd']);
    expect(dropOrder(ids, 'd', 'a', true)).toEqual(['d', 'a', 'b', 'c']);
    expect(dropOrder(ids, 'd', 'b', false)).toEqual(['a', 'b', 'd', 'c']);
    // Dropped where it already is: nothing to send.
    expect(dropOrder(ids, 'b', 'c', true)).toBeNull();
    expect(dropOrder(ids, 'b', 'a', false)).toBeNull();
    expect(dropOrder(ids, 'b', 'b', true)).toBeNull();
  });

  it('keep every chapter exactly once, the moved one where it was asked to go', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.nat(),
        (ids, a, b) => {
          const from = a % ids.length;
          const to = b % ids.length;
          const result = moveTo(ids, from, to);
          expect([...result].sort()).toEqual([...ids].sort());
          expect(result[to]).toBe(ids[from]);
        },
      ),
    );
  });

  it('say where the chapter went, counting from one', () => {
    expect(movedMessage('Storm', 0, 3)).toBe('Moved “Storm” to position 1 of 3.');
  });
});

describe('shownOrder', () => {
  it('shows the order just made until the book has it, unless the chapters changed', () => {
    expect(shownOrder(['a', 'b', 'c'], null)).toEqual(['a', 'b', 'c']);
    expect(shownOrder(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual(['c', 'a', 'b']);
    expect(shownOrder(['a', 'b', 'c', 'd'], ['c', 'a', 'b'])).toEqual(['a', 'b', 'c', 'd']);
    expect(shownOrder(['a', 'b', 'x'], ['c', 'a', 'b'])).toEqual(['a', 'b', 'x']);
  });
});
