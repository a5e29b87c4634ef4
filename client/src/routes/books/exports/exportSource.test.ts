import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../components/format.ts';
import { exportSourceLabel } from './exportSource.ts';

describe('exportSourceLabel', () => {
  const createdAt = '2026-12-07T18:00:00.000Z';

  it('names the version an export was built from', () => {
    const source = { kind: 'version' as const, versionId: '01VERSION0000', name: 'Final' };
    expect(exportSourceLabel({ source, createdAt })).toBe('Version “Final”');
  });

  it('dates an export of the live book, also one stored before sources were recorded', () => {
    const expected = `Book as of ${formatDateTime(createdAt)}`;
    expect(exportSourceLabel({ source: { kind: 'current', bookVersion: 4 }, createdAt })).toBe(expected);
    expect(exportSourceLabel({ source: null, createdAt })).toBe(expected);
  });
});
