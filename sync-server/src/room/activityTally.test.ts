import { describe, expect, it } from 'vitest';
import type { ActivityCount } from '../storage/docStorage.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import { ActivityTally } from './activityTally.ts';

const docName = 'book/01JBOOK0000000000000000000/chapter/01JCHAP0000000000000000000';
const at = Date.parse('2026-12-07T10:00:00Z');

/** The in-memory storage with an activity sink that is down for the first `failures` writes. */
function storageWithActivity(failures: number) {
  const written: ActivityCount[][] = [];
  const errors: unknown[] = [];
  let calls = 0;
  const storage = {
    ...createMemoryDocStorage(),
    async recordActivity(counts: ActivityCount[]) {
      calls += 1;
      if (calls <= failures) throw new Error('table unavailable');
      written.push(counts.map((count) => ({ ...count })));
    },
  };
  return { storage, written, errors };
}

describe('ActivityTally', () => {
  it('sums a user’s changes per day into one write per flush', async () => {
    const { storage, written, errors } = storageWithActivity(0);
    const tally = new ActivityTally(docName, storage, (error) => errors.push(error), 60_000);
    tally.add('u1', 2, at);
    tally.add('u1', 3, at + 1000);
    tally.add('u2', 1, at + 2000);
    await tally.flush();
    expect(errors).toEqual([]);
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual([
      expect.objectContaining({
        userId: 'u1',
        day: '2026-12-07',
        changes: 5,
        firstAt: at,
        lastAt: at + 1000,
      }),
      expect.objectContaining({ userId: 'u2', changes: 1, firstAt: at + 2000, lastAt: at + 2000 }),
    ]);
    await tally.flush();
    expect(written).toHaveLength(1);
  });

  it('keeps counts whose write failed and writes them, merged with newer ones, at the next flush', async () => {
    const { storage, written, errors } = storageWithActivity(1);
    const tally = new ActivityTally(docName, storage, (error) => errors.push(error), 60_000);
    tally.add('u1', 4, at);
    await tally.flush();
    expect(errors).toHaveLength(1);
    expect(written).toEqual([]);
    tally.add('u1', 1, at + 5000);
    await tally.flush();
    expect(written).toEqual([
      [expect.objectContaining({ userId: 'u1', changes: 5, firstAt: at, lastAt: at + 5000 })],
    ]);
  });

  it('keeps no activity for documents that are not chapters', async () => {
    const { storage, written } = storageWithActivity(0);
    const tally = new ActivityTally('book/01JBOOK0000000000000000000/presence', storage, () => {}, 60_000);
    tally.add('u1', 4, at);
    await tally.flush();
    expect(written).toEqual([]);
  });
});
