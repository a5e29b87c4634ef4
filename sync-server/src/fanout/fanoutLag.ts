import type { Histogram } from 'prom-client';
import type { Fanout } from './fanout.ts';

/**
 * The same fan-out, timing every message from its publisher's send to its arrival here: the part of a
 * remote collaborator's keystroke latency that Redis and the nodes add (`galley_sync_fanout_lag_seconds`).
 */
export function observeFanoutLag(fanout: Fanout, lag: Histogram<'kind'>): Fanout {
  return {
    subscribe: (docName, handler) =>
      fanout.subscribe(docName, (message, sentAtMs) => {
        lag.observe({ kind: message.kind }, Math.max(0, Date.now() - sentAtMs) / 1000);
        handler(message, sentAtMs);
      }),
    publish: (docName, message) => fanout.publish(docName, message),
    ready: () => fanout.ready(),
    onResume: (listener) => fanout.onResume(listener),
    close: () => fanout.close(),
  };
}
