import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPatterns, foldKeepingOffsets } from './searchTerms.ts';

describe('folding and finding words', () => {
  it('folds case and accents without moving any offset', () => {
    expect(foldKeepingOffsets('Café ÉCOLE Straße')).toBe('cafe ecole straße');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(foldKeepingOffsets(text)).toHaveLength(text.length);
      }),
    );
  });

  it('finds whole words, or words starting with a prefix, at their offsets in the original', () => {
    const text = 'Whales, whale-song; awhale. Café cafés';
    const words = findPatterns(foldKeepingOffsets(text), [
      { term: 'whale', prefix: false },
      { term: 'caf', prefix: true },
    ]);
    expect(words.map((w) => text.slice(w.start, w.end))).toEqual(['whale', 'Café', 'cafés']);
  });
});
