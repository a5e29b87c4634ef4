import * as Y from 'yjs';

/**
 * What storage is known to hold, as a state vector: for each Yjs client, every struct below the clock
 * is stored (the log, a snapshot, by this node or another). A room keeps one because its document
 * also holds what other nodes fanned out and have not stored yet: if such a node dies, those updates
 * live only in memory and in their authors' documents. Asking reconnecting clients for everything
 * beyond these clocks (not beyond the in-memory state) makes them send those updates again, and this
 * node stores them. Only prefixes are recorded, so merging two true claims by maximum stays true.
 */
export type DurableClocks = Map<number, number>;

/** Extends `clocks` by the structs of a stored update where they continue a stored prefix; returns the clients it advanced. */
export function extendDurable(clocks: DurableClocks, update: Uint8Array): DurableClocks {
  const advanced: DurableClocks = new Map();
  const structs = [...Y.decodeUpdate(update).structs].sort((a, b) =>
    a.id.client === b.id.client ? a.id.clock - b.id.clock : a.id.client - b.id.client,
  );
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    const durable = clocks.get(client) ?? 0;
    const end = clock + struct.length;
    if (clock <= durable && end > durable) {
      clocks.set(client, end);
      advanced.set(client, end);
    }
  }
  return advanced;
}

/** Merges another true claim (another node's advanced clocks) into `clocks`. */
export function mergeDurable(clocks: DurableClocks, other: DurableClocks): void {
  for (const [client, clock] of other) if (clock > (clocks.get(client) ?? 0)) clocks.set(client, clock);
}

/**
 * Whether an update holds a struct that storage is not known to have, from the clock just past each
 * client's last struct in it (UpdateSummary.ends, worked out when the frame was parsed).
 */
export function beyondDurable(clocks: DurableClocks, update: { ends: ReadonlyMap<number, number> }): boolean {
  for (const [client, end] of update.ends) if (end > (clocks.get(client) ?? 0)) return true;
  return false;
}
