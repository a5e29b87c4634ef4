import { AccessRevocationSchema } from '@galley/shared/sync/revocation';
import type { AccessRevocations, RevocationListener } from './accessRevocations.ts';

/** One process, one channel: the api and the sync server of `npm start` get the same object. */
export function createInProcessAccessRevocations(): AccessRevocations {
  const listeners = new Set<RevocationListener>();
  return {
    async publish(revocation) {
      const valid = AccessRevocationSchema.parse(revocation);
      // Asynchronous like a real transport, so publishers never run sync-server code on their stack.
      for (const listener of listeners) queueMicrotask(() => listener({ ...valid }));
    },
    async subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
