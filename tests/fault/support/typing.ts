import type { FaultClient } from './faultClient.ts';

/** Every client types one edit every `intervalMs` until stopped: continuous typing, connected or not. */
export function startTyping(clients: FaultClient[], intervalMs = 25): { stop(): void } {
  const timers = clients.map((client, index) =>
    // Staggered so the clients' edits interleave instead of arriving in lockstep.
    setTimeout(() => {
      timers[index] = setInterval(() => client.type(), intervalMs);
    }, index * 5),
  );
  return {
    stop() {
      for (const timer of timers) {
        clearTimeout(timer);
        clearInterval(timer);
      }
    },
  };
}

/** Union of what the clients typed, or had acknowledged. */
export function allTyped(clients: FaultClient[]): string[] {
  return clients.flatMap((c) => c.typed).sort();
}

export function allAcknowledged(clients: FaultClient[]): string[] {
  return clients.flatMap((c) => [...c.acknowledged]).sort();
}
