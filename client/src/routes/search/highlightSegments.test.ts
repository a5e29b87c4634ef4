import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightSegments } from './highlightSegments.ts';

describe('highlightSegments', () => {
  it('marks the ranges and keeps the rest as plain text', () => {
    expect(
      highlightSegments('the whale and the whales', [
        [4, 9],
        [18, 24],
      ]),
    ).toEqual([
      { text: 'the ', marked: false },
      { text: 'whale', marked: true },
      { text: ' and the ', marked: false },
      { text: 'whales', marked: true },
    ]);
  });

  it('never loses, repeats or reorders text, whatever the ranges', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 })), {
          maxLength: 6,
        }),
        (text, ranges) => {
          const segments = highlightSegments(text, ranges);
          expect(segments.map((s) => s.text).join('')).toBe(text);
          expect(segments.every((s) => s.text.length > 0)).toBe(true);
        },
      ),
    );
  });
});
