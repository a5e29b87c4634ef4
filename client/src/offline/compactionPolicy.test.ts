import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MIN_TAIL_BYTES,
  maxLogCost,
  ROW_OVERHEAD_BYTES,
  shouldCompact,
  tailCost,
} from './compactionPolicy.ts';
import { compactUpdates } from './localDocLog.ts';

describe('shouldCompact', () => {
  it('waits for a tail as large as the base, with a floor for short chapters', () => {
    expect(shouldCompact({ baseBytes: 0, tailRows: 1, tailBytes: 100_000 })).toBe(false);
    expect(shouldCompact({ baseBytes: 0, tailRows: 10, tailBytes: 300 })).toBe(false);
    expect(shouldCompact({ baseBytes: 0, tailRows: 100, tailBytes: MIN_TAIL_BYTES })).toBe(true);
    expect(shouldCompact({ baseBytes: 50_000, tailRows: 100, tailBytes: 20_000 })).toBe(false);
    expect(shouldCompact({ baseBytes: 50_000, tailRows: 1000, tailBytes: 50_000 })).toBe(true);
  });

  it('keeps a log of any sequence of writes within the bound', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 400 }), (rowSizes) => {
        let stats = { baseBytes: 0, tailRows: 0, tailBytes: 0 };
        for (const size of rowSizes) {
          stats = { ...stats, tailRows: stats.tailRows + 1, tailBytes: stats.tailBytes + size };
          const cost = stats.baseBytes + ROW_OVERHEAD_BYTES + tailCost(stats);
          expect(cost).toBeLessThanOrEqual(maxLogCost(stats.baseBytes, size + ROW_OVERHEAD_BYTES));
          // Compaction never shrinks below the data, so model the base as growing by what was typed.
          if (shouldCompact(stats)) stats = { baseBytes: stats.baseBytes + size, tailRows: 0, tailBytes: 0 };
        }
      }),
    );
  });
});

describe('compactUpdates', () => {
  it('folds 3,000 keystrokes into one update no larger than the encoded document', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('t');
    for (let i = 0; i < 3000; i++) text.insert(i, 'abcdefghij'[i % 10]!);
    const merged = compactUpdates(updates);
    const encoded = Y.encodeStateAsUpdate(doc);
    expect(merged.byteLength).toBeLessThanOrEqual(encoded.byteLength);
    // Y.mergeUpdates alone keeps every keystroke's struct: several times the document.
    expect(Y.mergeUpdates(updates).byteLength).toBeGreaterThan(2 * encoded.byteLength);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, merged);
    expect(copy.getText('t').toString()).toBe(text.toString());
  });
});
