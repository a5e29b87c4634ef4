import type { DomainEvent } from '@galley/shared/events/domainEvents';

/**
 * Where the dispatcher publishes outbox events and consumers (search, activity, notifications…) take
 * them from. In-process on one node; Redis Streams with one consumer group per consumer name when
 * REDIS_URL is set (so each event reaches each consumer once across all nodes); EventBridge/SQS in
 * AWS would sit behind the same interface. Both implementations pass eventBus.contract.ts.
 *
 * Delivery is at least once: a handler may see an event again (redelivery after a crash, a replay)
 * and must be idempotent; the bus also skips events the consumer already handled (consumerLedger).
 */
export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface SubscribeOptions {
  /** Attempts before the event is parked in the consumer's dead letters. */
  maxAttempts?: number;
  /** First retry delay; doubled on each further attempt (with jitter). */
  backoffMs?: number;
}

export interface Subscription {
  readonly consumer: string;
  /** Settles once the subscription receives events (Redis: its consumer group exists). */
  readonly ready: Promise<void>;
  /** Stops taking events; the event being handled (with its retries) finishes first. */
  stop(): Promise<void>;
}

export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  /** Resolves once the bus holds the event (it is delivered later, asynchronously). */
  publish(event: DomainEvent): Promise<void>;
  /** One subscription per consumer name in a process; nodes using the same name share the work. */
  subscribe(consumer: string, handler: EventHandler, options?: SubscribeOptions): Subscription;
  /** Delivers `event` again to `consumer` alone: the replay of a dead letter. */
  redeliver(consumer: string, event: DomainEvent): Promise<void>;
  /** Stops every subscription of this process. */
  close(): Promise<void>;
}

/**
 * How long stopping waits for the event in hand. A handler that hangs must not hang shutdown: with
 * Redis its event stays pending and another node takes it over; in-process it is lost to that consumer.
 */
export const STOP_GRACE_MS = 10_000;

export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** Consumer names become Redis group names and key parts: keep them plain. */
export const CONSUMER_NAME = /^[a-z][a-z0-9-]{0,39}$/;

export function assertConsumerName(consumer: string): void {
  if (!CONSUMER_NAME.test(consumer)) {
    throw new Error(`Consumer name "${consumer}" must match ${CONSUMER_NAME}.`);
  }
}

/** Thrown by the in-process bus when a replay names a consumer nobody runs here. */
export class ConsumerNotRunningError extends Error {
  constructor(readonly consumer: string) {
    super(`No consumer "${consumer}" runs in this process.`);
    this.name = 'ConsumerNotRunningError';
  }
}
