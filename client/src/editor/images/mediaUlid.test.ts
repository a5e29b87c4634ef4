import { MediaClientIdSchema } from '@galley/shared/api/media';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newMediaId } from './mediaUlid.ts';

describe('newMediaId', () => {
  it('makes ids the api accepts as client-chosen media ids', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (now, random) => {
          expect(MediaClientIdSchema.safeParse(newMediaId(now, random)).success).toBe(true);
        },
      ),
    );
  });

  it('sorts later ids after earlier ones, as the library lists newest first by id', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 1, max: 2 ** 47 }),
        (earlier, gap) => {
          expect(newMediaId(earlier) < newMediaId(earlier + gap)).toBe(true);
        },
      ),
    );
  });

  it('encodes the time like a ULID', () => {
    // What the api's ulid package (3.0) makes of 2016-07-30T23:54:10.259Z.
    expect(newMediaId(1469922850259).slice(0, 10)).toBe('01ARZ3NDEK');
    expect(new Set([newMediaId(), newMediaId(), newMediaId()]).size).toBe(3);
  });
});
