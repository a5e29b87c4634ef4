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
  return { registry, httpRequests, httpDuration, authEvents };
}
export type Metrics = ReturnType<typeof createMetrics>;
