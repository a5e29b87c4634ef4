import { randomUUID } from 'node:crypto';
import type { Fanout, FanoutHandler } from './fanout.ts';

/**
 * Fan-out inside one process: every node made from the same hub sees the others' messages. One node
 * alone (no REDIS_URL) gets a hub of its own, where publishing reaches nobody.
 */
export function createInProcessFanoutHub() {
  const subscribers = new Map<string, Set<{ nodeId: string; handler: FanoutHandler }>>();
  return {
    node(): Fanout {
      const nodeId = randomUUID();
      return {
        async subscribe(docName, handler) {
          const entry = { nodeId, handler };
          let set = subscribers.get(docName);
          if (!set) {
            set = new Set();
            subscribers.set(docName, set);
          }
          set.add(entry);
          return async () => {
            set.delete(entry);
            if (set.size === 0) subscribers.delete(docName);
          };
        },
        publish(docName, message) {
          for (const entry of subscribers.get(docName) ?? []) {
            if (entry.nodeId === nodeId) continue;
            // Asynchronous like a real transport, and with its own copy of the bytes.
            const copy = { kind: message.kind, payload: message.payload.slice() };
            const sentAtMs = Date.now();
            queueMicrotask(() => entry.handler(copy, sentAtMs));
          }
        },
        async ready() {},
        onResume() {},
        async close() {},
      };
    },
  };
}
