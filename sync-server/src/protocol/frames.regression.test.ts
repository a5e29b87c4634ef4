import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './frames.ts';

describe('parseClientFrame regressions found by fuzzing', () => {
  it('refuses an update whose delete set decodes but cannot be applied', () => {
    // A valid update frame with one byte of the delete set's client id zeroed (fast-check seed 325563619):
    // Y.decodeUpdate reads it, Y.applyUpdate throws "Unexpected case".
    const frame = Uint8Array.from([
      0, 2, 55, 1, 3, 232, 130, 134, 179, 1, 0, 1, 1, 7, 100, 101, 102, 97, 117, 108, 116, 1, 0, 11, 40, 1, 8,
      99, 111, 109, 109, 101, 110, 116, 115, 2, 116, 49, 1, 119, 8, 97, 32, 116, 104, 114, 101, 97, 100, 1,
      232, 130, 134, 0, 1, 1, 0, 12,
    ]);
    expect(parseClientFrame(frame, 1 << 20)).toEqual({
      ok: false,
      error: { code: SyncCloseCode.badRequest, reason: 'malformed_update' },
    });
  });

  it('refuses an update whose structs of one client overlap', () => {
    // The frame above, valid, with one byte of the first struct's length zeroed (fast-check seed
    // -2007635148): a 0-length item and a GC run both start at clock 0. Y.decodeUpdate reads it;
    // applying it throws in findIndexSS.
    const frame = Uint8Array.from([
      0, 2, 55, 1, 3, 172, 232, 195, 200, 8, 0, 1, 1, 7, 100, 101, 102, 97, 117, 108, 116, 0, 0, 11, 40, 1, 8,
      99, 111, 109, 109, 101, 110, 116, 115, 2, 116, 49, 1, 119, 8, 97, 32, 116, 104, 114, 101, 97, 100, 1,
      172, 232, 195, 200, 8, 1, 0, 12,
    ]);
    expect(parseClientFrame(frame, 1 << 20)).toEqual({
      ok: false,
      error: { code: SyncCloseCode.badRequest, reason: 'malformed_update' },
    });
  });
});
