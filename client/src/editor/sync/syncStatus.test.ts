import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SyncFacts, syncStatus } from './syncStatus.ts';

const base: SyncFacts = {
  localWritesInFlight: 0,
  connection: 'connected',
  synced: true,
  waiting: 0,
  connectionSettled: true,
  lastCloudSaveAt: 1,
};

describe('syncStatus', () => {
  it('walks a keystroke from the device to the cloud', () => {
    expect(syncStatus({ ...base, localWritesInFlight: 1, waiting: 1, connectionSettled: false }).text).toBe(
      'Saving…',
    );
    expect(syncStatus({ ...base, waiting: 1, connectionSettled: false }).text).toBe('Syncing…');
    expect(syncStatus(base).text).toBe('Saved to cloud');
  });

  it('counts the changes waiting while offline, and is calm when none are', () => {
    expect(syncStatus({ ...base, connection: 'offline', synced: false, waiting: 3 }).text).toBe(
      'Offline — 3 changes waiting',
    );
    expect(syncStatus({ ...base, connection: 'connecting', synced: false, waiting: 1 }).text).toBe(
      'Offline — 1 change waiting',
    );
    expect(syncStatus({ ...base, connection: 'offline', synced: false }).text).toBe('Saved on this device');
  });

  it('names a refusal and what stays on the device', () => {
    const status = syncStatus({ ...base, connection: 'stopped', stopReason: 'no access', waiting: 2 });
    expect(status.kind).toBe('stopped');
    expect(status.text).toBe('Not syncing: no access — 2 changes waiting on this device');
  });

  it('never says "Saved to cloud" while anything is unconfirmed or unsaved', () => {
    const facts = fc.record({
      localWritesInFlight: fc.nat(3),
      connection: fc.constantFrom('offline', 'connecting', 'connected', 'stopped'),
      synced: fc.boolean(),
      waiting: fc.nat(5),
      connectionSettled: fc.boolean(),
      lastCloudSaveAt: fc.option(fc.nat()),
    }) as fc.Arbitrary<SyncFacts>;
    fc.assert(
      fc.property(facts, (f) => {
        const saved = syncStatus(f).kind === 'cloud';
        const allTrue =
          f.localWritesInFlight === 0 &&
          f.connection === 'connected' &&
          f.synced &&
          f.waiting === 0 &&
          f.connectionSettled;
        expect(saved).toBe(allTrue);
        if (f.localWritesInFlight > 0) expect(syncStatus(f).text).not.toContain('Saved');
      }),
    );
  });
});
