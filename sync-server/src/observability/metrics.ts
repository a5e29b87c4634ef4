import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { WindowedQuantiles } from './windowedQuantiles.ts';

/** One registry per server instance, so tests that start several servers never share counters. */
export function createSyncMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    connections: new Gauge({
      name: 'galley_sync_connections',
      help: 'Open sync connections',
      registers: [registry],
    }),
    loadedDocs: new Gauge({
      name: 'galley_sync_loaded_docs',
      help: 'Documents loaded in memory',
      registers: [registry],
    }),
    updatesReceived: new Counter({
      name: 'galley_sync_updates_received_total',
      help: 'Document updates received from clients and applied',
      registers: [registry],
    }),
    updatesRefused: new Counter({
      name: 'galley_sync_updates_refused_total',
      help: 'Updates refused, by reason (read_only, comment_scope, malformed, ...)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    persistLatency: new Histogram({
      name: 'galley_sync_persist_seconds',
      help: 'Time of one update-log append (a batch) in storage',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    receiveToPersisted: new Histogram({
      name: 'galley_sync_receive_to_persisted_seconds',
      help: 'From an update arriving to its persisted message being sent',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    /** The same as quantiles over the last 5–10 minutes, for benchmarks and dashboards without PromQL. */
    receiveToPersistedQuantiles: receiveToPersistedQuantiles(registry),
    fanoutLag: new Histogram({
      name: 'galley_sync_fanout_lag_seconds',
      help: "From another node publishing a document's message to its arrival here, by kind",
      labelNames: ['kind'] as const,
      buckets: latencyBuckets,
      registers: [registry],
    }),
    persistFailures: new Counter({
      name: 'galley_sync_persist_failures_total',
      help: 'Failed storage writes (retried with backoff)',
      registers: [registry],
    }),
    closes: new Counter({
      name: 'galley_sync_closes_total',
      help: 'Connections closed by the server, by close code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
  };
}
export type SyncMetrics = ReturnType<typeof createSyncMetrics>;

/**
 * p50/p99/p999 of receive → persisted, exported as a gauge per quantile (plus _count and _sum gauges)
 * and computed only when scraped; observing is one bucket increment (see windowedQuantiles.ts).
 */
function receiveToPersistedQuantiles(registry: Registry): WindowedQuantiles {
  const quantiles = new WindowedQuantiles();
  const name = 'galley_sync_receive_to_persisted_quantiles_seconds';
  new Gauge({
    name,
    help: 'From an update arriving to its persisted message (p50, p99, p999 over the last 5–10 minutes)',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      for (const q of [0.5, 0.99, 0.999]) this.set({ quantile: String(q) }, quantiles.quantile(q));
    },
  });
  new Gauge({
    name: `${name}_count`,
    help: 'Updates acknowledged with persisted since start',
    registers: [registry],
    collect() {
      this.set(quantiles.totals.count);
    },
  });
  new Gauge({
    name: `${name}_sum`,
    help: 'Sum of receive → persisted seconds since start',
    registers: [registry],
    collect() {
      this.set(quantiles.totals.sum);
    },
  });
  return quantiles;
}
