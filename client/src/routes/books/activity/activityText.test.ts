import { describe, expect, it } from 'vitest';
import { dayLabel, entryText } from './activityText.ts';

describe('activity sentences', () => {
  const now = new Date('2026-12-05T09:30:00Z');
  it('names today and yesterday, and dates older days', () => {
    expect(dayLabel('2026-12-05', now)).toBe('Today');
    expect(dayLabel('2026-12-04', now)).toBe('Yesterday');
    expect(dayLabel('2026-12-01', now)).toMatch(/2026/);
  });
  it('says who edited which chapter how often', () => {
    const entry = {
      userId: 'u1',
      displayName: 'Ana',
      chapterId: 'c2',
      chapterTitle: 'Chapter 2',
      changes: 34,
      firstAt: '2026-12-05T08:00:00Z',
      lastAt: '2026-12-05T09:00:00Z',
    };
    expect(entryText(entry)).toBe('Ana edited Chapter 2 (34 changes)');
    expect(entryText({ ...entry, changes: 1, chapterTitle: null, displayName: null })).toBe(
      'A former member edited a deleted chapter (1 change)',
    );
  });
});
