import type { DomainEvent } from '@galley/shared/events/domainEvents';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ConsumerLedger } from './consumerLedger.ts';
import type { EventHandler, SubscribeOptions } from './eventBus.ts';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS = 200;

export interface DeliveryContext {
  consumer: string;
  handler: EventHandler;
  ledger: ConsumerLedger;
  log: Logger;
  metrics?: Metrics | undefined;
  options?: SubscribeOptions | undefined;
}

export type DeliveryOutcome = 'handled' | 'duplicate' | 'parked';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One event to one consumer, the same way on every bus: skipped if the consumer already handled it,
 * else retried with exponential backoff, and parked as a dead letter after the last attempt so one
 * poison event cannot hold up the events behind it. Retries happen here, in order, rather than by
 * leaving the event to the bus: the next event of the same book must not overtake a failing one
 * while it still may succeed.
 *
 * `priorDeliveries` counts deliveries that never finished (a node died holding the event): they use
 * up attempts, so an event that crashes the process is parked instead of crashing every node in turn.
 */
export async function deliverEvent(
  context: DeliveryContext,
  event: DomainEvent,
  priorDeliveries = 0,
): Promise<DeliveryOutcome> {
  const { consumer, handler, ledger, log, metrics } = context;
  const maxAttempts = context.options?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoffMs = context.options?.backoffMs ?? DEFAULT_BACKOFF_MS;
  if (await ledger.wasProcessed(consumer, event.id)) {
    metrics?.eventsHandled.inc({ consumer, outcome: 'duplicate' });
    return 'duplicate';
  }
  let lastError: unknown = new Error('delivered too often without finishing (the consumer crashed?)');
  let attempt = Math.min(priorDeliveries, maxAttempts);
  while (attempt < maxAttempts) {
    attempt += 1;
    try {
      await handler(event);
      await ledger.markProcessed(consumer, event.id);
      metrics?.eventsHandled.inc({ consumer, outcome: 'handled' });
      return 'handled';
    } catch (error) {
      lastError = error;
      metrics?.eventConsumerFailures.inc({ consumer });
      log.warn(
        { err: error, consumer, eventId: event.id, type: event.type, attempt },
        'event consumer failed',
      );
      if (attempt < maxAttempts) {
        const delay = backoffMs * 2 ** (attempt - 1);
        await sleep(delay / 2 + Math.random() * (delay / 2));
      }
    }
  }
  const letter = await ledger.park(consumer, event, lastError, attempt);
  metrics?.eventsHandled.inc({ consumer, outcome: 'parked' });
  metrics?.eventDeadLetters.inc({ consumer });
  log.error({ consumer, eventId: event.id, deadLetterId: letter.id }, 'event parked as a dead letter');
  return 'parked';
}
