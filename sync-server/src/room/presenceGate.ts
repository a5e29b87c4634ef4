import {
  MAX_PRESENCE_STATE_BYTES,
  type PresenceState,
  PresenceStateSchema,
} from '@galley/shared/sync/presence';
import type { AwarenessEntry } from '../protocol/frames.ts';
import {
  type AwarenessGateContext,
  type AwarenessRefusalKind,
  type AwarenessStateRules,
  gateAwareness,
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
} from './awarenessGate.ts';

export { encodeAwarenessEntries } from './awarenessGate.ts';

/** The refused-updates metric's reasons on the presence channel (see awarenessGate.ts for each kind). */
export type PresenceRefusal = `presence_${AwarenessRefusalKind}`;

export type PresenceGateContext = AwarenessGateContext;

export interface PresenceGateVerdict {
  /** Entries to apply and relay, states re-encoded from what the schema parsed. */
  accepted: AwarenessEntry[];
  refused: PresenceRefusal[];
}

/** A connection may announce one client id (the provider's Y.Doc clientID), never more. */
export const MAX_PRESENCE_CLIENTS_PER_CONNECTION = MAX_AWARENESS_CLIENTS_PER_CONNECTION;

const presenceRules: AwarenessStateRules<PresenceState> = {
  schema: PresenceStateSchema,
  maxStateBytes: MAX_PRESENCE_STATE_BYTES,
};

/**
 * Which entries of one client's awareness update the presence channel relays: the rule of
 * awarenessGate.ts with the presence state's shape (shared/src/sync/presence.ts).
 */
export function gatePresence(entries: AwarenessEntry[], context: PresenceGateContext): PresenceGateVerdict {
  const { accepted, refused } = gateAwareness(entries, context, presenceRules);
  return { accepted, refused: refused.map((kind): PresenceRefusal => `presence_${kind}`) };
}
