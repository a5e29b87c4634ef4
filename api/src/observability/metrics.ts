import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per app instance so tests that build several apps never share counters. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'galley_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'galley_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const authEvents = new Counter({
    name: 'galley_auth_events_total',
    help: 'Authentication outcomes (login_success, login_failure, refresh_reuse, ...)',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  const eventsPublished = new Counter({
    name: 'galley_events_published_total',
    help: 'Outbox events the dispatcher published to the event bus, by type',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const eventDispatchLag = new Histogram({
    name: 'galley_event_dispatch_lag_seconds',
    help: 'Time from an event being committed to its publication on the bus',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const eventsHandled = new Counter({
    name: 'galley_events_handled_total',
    help: 'Events a consumer handled (outcome: handled, duplicate, parked)',
    labelNames: ['consumer', 'outcome'] as const,
    registers: [registry],
  });
  const eventConsumerFailures = new Counter({
    name: 'galley_event_consumer_failures_total',
    help: 'Failed attempts of a consumer to handle an event (each retry counts)',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });
  const eventDeadLetters = new Counter({
    name: 'galley_event_dead_letters_total',
    help: 'Events parked in a consumer dead-letter list after their last retry',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpRequests,
    httpDuration,
    authEvents,
    eventsPublished,
    eventDispatchLag,
    eventsHandled,
    eventConsumerFailures,
    eventDeadLetters,
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
