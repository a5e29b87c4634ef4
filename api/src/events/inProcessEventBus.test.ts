import { describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { createConsumerLedger } from './consumerLedger.ts';
import { eventBusContract, testEvent } from './eventBus.contract.ts';
import { ConsumerNotRunningError, type EventBus } from './eventBus.ts';
import { createInProcessEventBus } from './inProcessEventBus.ts';

eventBusContract('in-process', async () => {
  const t = await buildTestApp();
  const ledger = createConsumerLedger(t.deps);
  const buses: EventBus[] = [];
  return {
    ledger,
    async openBus() {
      const bus = createInProcessEventBus({ ledger, log: t.deps.log });
      buses.push(bus);
      return bus;
    },
    async cleanup() {
      await Promise.all(buses.map((bus) => bus.close()));
      await t.close();
    },
  };
});

describe('in-process event bus', () => {
  it('cannot replay to a consumer that does not run in this process', async () => {
    const t: TestApp = await buildTestApp();
    try {
      const bus = createInProcessEventBus({ ledger: createConsumerLedger(t.deps), log: t.deps.log });
      await expect(bus.redeliver('search', testEvent('book-x', 1))).rejects.toBeInstanceOf(
        ConsumerNotRunningError,
      );
    } finally {
      await t.close();
    }
  });
});
