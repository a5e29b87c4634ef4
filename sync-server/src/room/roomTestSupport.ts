import pino from 'pino';
import { createSyncMetrics } from '../observability/metrics.ts';
import type { DocStorage } from '../storage/docStorage.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import type { RoomRegistryOptions } from './roomRegistry.ts';

/** Room options for tests: memory storage unless given, quick retries, silent logs. */
export function roomOptions(
  overrides: Partial<RoomRegistryOptions> & { storage?: DocStorage } = {},
): RoomRegistryOptions {
  return {
    storage: createMemoryDocStorage(),
    metrics: createSyncMetrics(),
    log: pino({ level: 'silent' }),
    maxMessageBytes: 1 << 20,
    snapshotEveryEntries: 1000,
    snapshotEveryBytes: 1 << 24,
    retryInitialMs: 5,
    retryMaxMs: 20,
    persistIntervalMs: 0,
    idleUnloadMs: 10,
    ...overrides,
  };
}
