import type { DomainEvent } from '@galley/shared/events/domainEvents';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConsumerLedger } from './consumerLedger.ts';
import {
  assertConsumerName,
  ConsumerNotRunningError,
  type EventBus,
  type EventHandler,
  STOP_GRACE_MS,
  type SubscribeOptions,
  type Subscription,
  settleWithin,
} from './eventBus.ts';
import { deliverEvent } from './eventDelivery.ts';

export interface InProcessBusOptions {
  ledger: ConsumerLedger;
  log: Logger;
  metrics?: Metrics | undefined;
}

/**
 * The bus of a single node (no REDIS_URL): each subscription has its own queue, worked one event at
 * a time in publish order. Events queued but not yet handled when the process stops are gone for that
 * consumer (their outbox items are already dispatched): one node trades that for needing no Redis;
 * consumers that cannot afford it run with Redis.
 */
export function createInProcessEventBus(options: InProcessBusOptions): EventBus {
  const subscriptions = new Map<string, LocalSubscription>();

  return {
    kind: 'in-process',
    async publish(event) {
      for (const subscription of subscriptions.values()) subscription.push(event);
    },
    subscribe(consumer, handler, subscribeOptions) {
      assertConsumerName(consumer);
      if (subscriptions.has(consumer)) throw new Error(`Consumer "${consumer}" is already subscribed.`);
      const subscription = new LocalSubscription(consumer, handler, options, subscribeOptions, () =>
        subscriptions.delete(consumer),
      );
      subscriptions.set(consumer, subscription);
      return subscription;
    },
    async redeliver(consumer, event) {
      const subscription = subscriptions.get(consumer);
      if (!subscription) throw new ConsumerNotRunningError(consumer);
      subscription.push(event);
    },
    async close() {
      await Promise.all([...subscriptions.values()].map((subscription) => subscription.stop()));
    },
  };
}

class LocalSubscription implements Subscription {
  readonly ready = Promise.resolve();
  private readonly queue: DomainEvent[] = [];
  private working: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly consumer: string,
    private readonly handler: EventHandler,
    private readonly bus: InProcessBusOptions,
    private readonly options: SubscribeOptions | undefined,
    private readonly onStop: () => void,
  ) {}

  push(event: DomainEvent): void {
    if (this.stopped) return;
    this.queue.push(event);
    this.working ??= this.work().finally(() => {
      this.working = null;
    });
  }

  private async work(): Promise<void> {
    const context = { ...this.bus, consumer: this.consumer, handler: this.handler, options: this.options };
    for (let event = this.queue.shift(); event && !this.stopped; event = this.queue.shift()) {
      try {
        await deliverEvent(context, event);
      } catch (error) {
        // The ledger itself failed (DynamoDB unreachable): nothing else remembers the event on this bus.
        this.bus.log.error(
          { err: error, consumer: this.consumer, eventId: event.id },
          'event lost for consumer',
        );
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.onStop();
    if (this.queue.length > 0) {
      this.bus.log.warn(
        { consumer: this.consumer, dropped: this.queue.length },
        'consumer stopped with events queued',
      );
    }
    this.queue.length = 0;
    if (this.working) await settleWithin(this.working, STOP_GRACE_MS);
  }
}
