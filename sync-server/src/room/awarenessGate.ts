import * as encoding from 'lib0/encoding';
import type { z } from 'zod';
import type { AwarenessEntry } from '../protocol/frames.ts';

export type AwarenessRefusalKind =
  /** A state naming another user than the token's subject. */
  | 'spoofed'
  /** A newer clock for a client id held by another connection (or another node's client). */
  | 'foreign_client'
  /** Not a state of the channel's shape (wrong shape, too large). */
  | 'invalid_state'
  /** A second client id on one connection: the provider uses exactly one, its document's. */
  | 'too_many_clients';

export interface AwarenessGateContext {
  /** The token's subject: the only user this connection may announce. */
  userId: string;
  /** The client ids this connection already announced. */
  owned: ReadonlySet<number>;
  /** The clock the room knows for a client id that is present and not this connection's to take, or undefined. */
  knownClock(clientId: number): number | undefined;
}

/** What one kind of channel accepts as a state: its schema (naming a user) and a size cap. */
export interface AwarenessStateRules<S extends { user: { id: string } }> {
  schema: z.ZodType<S>;
  maxStateBytes: number;
}

export interface AwarenessGateVerdict {
  /** Entries to apply and relay, states re-encoded from what the schema parsed. */
  accepted: AwarenessEntry[];
  refused: AwarenessRefusalKind[];
}

/** A connection may announce one client id (the provider's Y.Doc clientID), never more. */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 1;

/**
 * Decides which entries of one client's awareness update a room relays. Awareness states are opaque
 * JSON to y-protocols, so without this anyone holding a token for the book could announce themselves
 * as someone else, or overwrite (or erase) another client's state with a higher clock. The rule: an
 * entry is relayed when it is for a client id this connection owns, or for a fresh id it claims (one
 * per connection), and its state parses and names the token's subject.
 *
 * The stock provider re-sends every awareness change it receives (other people's states included), so
 * entries for other clients at a clock the room already has are echoes: dropped silently. Only a
 * newer clock for someone else's id counts as a refusal. Refused entries are dropped, the connection
 * stays: a wrong state is simply not relayed, and the sender's valid entries still are.
 */
export function gateAwareness<S extends { user: { id: string } }>(
  entries: AwarenessEntry[],
  context: AwarenessGateContext,
  rules: AwarenessStateRules<S>,
): AwarenessGateVerdict {
  const accepted: AwarenessEntry[] = [];
  const refused: AwarenessRefusalKind[] = [];
  let owned = context.owned.size;
  for (const entry of entries) {
    const mine = context.owned.has(entry.clientId);
    const known = context.knownClock(entry.clientId);
    if (!mine && known !== undefined) {
      if (entry.clock > known) refused.push('foreign_client');
      continue;
    }
    if (entry.state === null) {
      // A removal: of our own state it is a goodbye; of an id nobody has, nothing to do.
      if (mine) accepted.push(entry);
      continue;
    }
    const checked = checkState(entry.state, context.userId, rules);
    if (!checked.ok) {
      refused.push(checked.reason);
      continue;
    }
    if (!mine) {
      if (owned >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
        refused.push('too_many_clients');
        continue;
      }
      owned += 1;
    }
    accepted.push({ clientId: entry.clientId, clock: entry.clock, state: checked.state });
  }
  return { accepted, refused };
}

function checkState<S extends { user: { id: string } }>(
  state: unknown,
  userId: string,
  rules: AwarenessStateRules<S>,
): { ok: true; state: S } | { ok: false; reason: AwarenessRefusalKind } {
  if (new TextEncoder().encode(JSON.stringify(state)).byteLength > rules.maxStateBytes) {
    return { ok: false, reason: 'invalid_state' };
  }
  const parsed = rules.schema.safeParse(state);
  if (!parsed.success) return { ok: false, reason: 'invalid_state' };
  if (parsed.data.user.id !== userId) return { ok: false, reason: 'spoofed' };
  return { ok: true, state: parsed.data };
}

/** y-protocols' awareness update encoding, for entries the gate let through. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
