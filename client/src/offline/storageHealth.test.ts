import { describe, expect, it } from 'vitest';
import { formatBytes, storageLevel } from './storageHealth.ts';

describe('storage health', () => {
  it('warns from 80 % of the quota and alarms from 95 %', () => {
    expect(storageLevel(0, 1000)).toBe('ok');
    expect(storageLevel(799, 1000)).toBe('ok');
    expect(storageLevel(800, 1000)).toBe('low');
    expect(storageLevel(950, 1000)).toBe('critical');
    expect(storageLevel(5, 0)).toBe('unknown');
    expect(storageLevel(undefined, undefined)).toBe('unknown');
  });

  it('says sizes the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytes(3.2 * 1024 ** 3)).toBe('3.2 GB');
  });
});
