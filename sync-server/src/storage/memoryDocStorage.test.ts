import { describe, expect, it } from 'vitest';
import { describeDocStorageContract } from './docStorage.contract.ts';
import { StorageUnavailableError } from './docStorage.ts';
import { createMemoryDocStorage } from './memoryDocStorage.ts';

describeDocStorageContract('memory', () => {
  const storage = createMemoryDocStorage();
  return { open: () => storage };
});

describe('memory storage outage', () => {
  it('fails every call while unavailable and serves again afterwards', async () => {
    let down = true;
    const storage = createMemoryDocStorage({ unavailable: () => down });
    await expect(storage.append('book/b/chapter/c', Uint8Array.of(0, 0))).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    down = false;
    expect(await storage.append('book/b/chapter/c', Uint8Array.of(0, 0))).toBe(1);
  });
});
