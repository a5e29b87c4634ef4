import type { Awareness } from 'y-protocols/awareness';
import type { AwarenessEntry } from '../protocol/frames.ts';
import type { Connection } from './syncSocket.ts';

/**
 * Which local connection holds each awareness client id of a chapter room, for awarenessGate.ts: a
 * connection may change only the ids it introduced. Removed ids are forgotten entirely, clock
 * included, so an id that left can be announced again (a provider reconnecting keeps its clock, which
 * y-protocols would otherwise ignore until the next renewal), and the room's memory of clients does
 * not grow with every editor ever opened.
 */
export class AwarenessHolders {
  private readonly holders = new Map<number, Connection>();

  constructor(private readonly awareness: Awareness) {}

  /**
   * The clock `conn` may not go past for `clientId`: the id is present and someone else's (another
   * person's connection, another node's client, the room's own id), or undefined when `conn` may claim
   * it. The same person's older connection does not bar it: that is a reconnect whose old socket has
   * not timed out yet, and waiting for it would freeze their caret for up to a minute.
   */
  barringClock(conn: Connection, clientId: number): number | undefined {
    const clock = this.awareness.meta.get(clientId)?.clock;
    if (clock === undefined) return undefined;
    const holder = this.holders.get(clientId);
    if (holder && holder !== conn && holder.userId === conn.userId) return undefined;
    return clock;
  }

  /** Records that `conn` holds the ids of the states it was just allowed to announce. */
  claim(conn: Connection, accepted: AwarenessEntry[]): void {
    for (const entry of accepted) {
      if (entry.state === null) continue;
      const previous = this.holders.get(entry.clientId);
      if (previous && previous !== conn) previous.awarenessIds.delete(entry.clientId);
      this.holders.set(entry.clientId, conn);
      conn.awarenessIds.add(entry.clientId);
    }
  }

  /** Forgets ids whose state was removed (a goodbye, a closed socket, a timeout, another node). */
  forget(removed: number[]): void {
    for (const id of removed) {
      if (id === this.awareness.clientID) continue;
      this.awareness.meta.delete(id);
      this.holders.get(id)?.awarenessIds.delete(id);
      this.holders.delete(id);
    }
  }
}
