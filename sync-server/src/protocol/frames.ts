import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { AuthKind, MessageType, SyncStep } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** What a client may send, fully decoded and validated. */
export type ClientFrame =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'syncStep2'; update: Uint8Array; summary: UpdateSummary }
  | { type: 'update'; update: Uint8Array; summary: UpdateSummary }
  | { type: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { type: 'authToken'; token: string }
  | { type: 'queryAwareness' };

/** What the parser learnt decoding an update, so the room need not decode it again. */
export interface UpdateSummary {
  /** For each Yjs client with structs in the update, the clock just past its last one. */
  ends: Map<number, number>;
  /** The update's delete set names at least one range. */
  deletes: boolean;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null = the client left (awareness removal). */
  state: unknown;
}

export interface FrameError {
  code: SyncCloseCode;
  reason: string;
}

export type ParseResult = { ok: true; frame: ClientFrame } | { ok: false; error: FrameError };

const bad = (reason: string): ParseResult => ({
  ok: false,
  error: { code: SyncCloseCode.badRequest, reason },
});

/**
 * Decodes one client frame. Never throws: lib0 throws on truncated input and Yjs on malformed updates,
 * and one bad frame must cost the sender its connection, not the node its process or the document its
 * consistency. Updates are decoded completely here, before anything is applied, because Yjs integrates
 * structs before it reads the delete set: a frame that broke half-way would otherwise be half-applied.
 */
export function parseClientFrame(data: Uint8Array, maxBytes: number): ParseResult {
  if (data.byteLength > maxBytes) {
    return { ok: false, error: { code: SyncCloseCode.messageTooLarge, reason: 'message_too_large' } };
  }
  try {
    return parseUnchecked(data);
  } catch {
    return bad('malformed_frame');
  }
}

function parseUnchecked(data: Uint8Array): ParseResult {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  let frame: ClientFrame;
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SyncStep.step1) {
        Y.decodeStateVector(payload);
        frame = { type: 'syncStep1', stateVector: payload };
      } else if (step === SyncStep.step2 || step === SyncStep.update) {
        const summary = summariseWellFormedUpdate(payload);
        if (!summary) return bad('malformed_update');
        frame = { type: step === SyncStep.step2 ? 'syncStep2' : 'update', update: payload, summary };
      } else return bad('unknown_sync_step');
      break;
    }
    case MessageType.awareness: {
      const update = decoding.readVarUint8Array(decoder);
      const entries = decodeAwareness(update);
      if (!entries) return bad('malformed_awareness');
      frame = { type: 'awareness', update, entries };
      break;
    }
    case MessageType.auth: {
      const kind = decoding.readVarUint(decoder);
      const text = decoding.readVarString(decoder);
      if (kind !== AuthKind.token) return bad('unexpected_auth_message');
      frame = { type: 'authToken', token: text };
      break;
    }
    case MessageType.queryAwareness:
      frame = { type: 'queryAwareness' };
      break;
    default:
      return bad('unknown_message_type');
  }
  if (decoding.hasContent(decoder)) return bad('trailing_bytes');
  return { ok: true, frame };
}

/** Yjs does not export the class's type; this is the part the check reads. */
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

function summariseWellFormedUpdate(update: Uint8Array): UpdateSummary | null {
  let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: DeleteSet };
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return null;
  }
  return summariseStructure(decoded.structs, decoded.ds);
}

/**
 * Decoding an update checks its syntax, not that Yjs can integrate it: some updates that decode throw
 * half-way through Y.applyUpdate, after part of them is in the document. This checks the shape Yjs's
 * own encoder always produces and its integration relies on, in one pass over the decoded structs
 * (found by reading Yjs 13.6's integrateStructs, Item.getMissing and readAndApplyDeleteSet, and by
 * fuzzing; applying every frame to a scratch document instead cost half of bench W4's capacity):
 * - every struct is at least one clock long, and each client's structs come in one block (clocks
 *   follow on within a block by construction): a 0-length struct or a second block of one client
 *   makes structs overlap, and findIndexSS throws;
 * - an item refers to its own client's items (origin, right origin, parent) only below its own clock:
 *   Yjs never treats its own client's references as missing, so a later one is looked up and throws;
 * - no sub-documents: manuscripts have none, and each would be a document the server must track;
 * - each client's deleted ranges are at least one clock long, in order and apart: Yjs re-encodes the
 *   ranges it cannot apply yet as differences, which a 0-length or backward range breaks;
 * - every clock stays an exact integer.
 * Returns null when the update breaks any of these.
 */
function summariseStructure(
  structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>,
  ds: DeleteSet,
): UpdateSummary | null {
  const ends = new Map<number, number>();
  const blocks = new Set<number>();
  let client = -1;
  for (const struct of structs) {
    const { id, length } = struct;
    if (!(length >= 1) || id.clock + length > Number.MAX_SAFE_INTEGER) return null;
    if (id.client !== client) {
      if (blocks.has(id.client)) return null;
      blocks.add(id.client);
      client = id.client;
    }
    // A Skip marks a gap, not content: the client's end is that of its last real struct.
    if (struct instanceof Y.Skip) continue;
    ends.set(client, id.clock + length);
    if (struct instanceof Y.Item) {
      if (struct.content instanceof Y.ContentDoc) return null;
      if (!referencesBefore(struct.origin, id) || !referencesBefore(struct.rightOrigin, id)) return null;
      if (struct.parent instanceof Y.ID && !referencesBefore(struct.parent, id)) return null;
    }
  }
  for (const ranges of ds.clients.values()) {
    let next = 0;
    for (const { clock, len } of ranges) {
      if (!(len >= 1) || clock < next || clock + len > Number.MAX_SAFE_INTEGER) return null;
      next = clock + len;
    }
  }
  return { ends, deletes: ds.clients.size > 0 };
}

/** A reference to the item's own client must point below the item. */
function referencesBefore(reference: Y.ID | null, id: Y.ID): boolean {
  return reference === null || reference.client !== id.client || reference.clock < id.clock;
}

function decodeAwareness(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      entries.push({ clientId, clock, state });
    }
    return decoding.hasContent(decoder) ? null : entries;
  } catch {
    return null;
  }
}

// --- Server → client frames -------------------------------------------------------------------------

/** Step 1 with the document's state vector, or with the clocks to ask the client to send beyond. */
export function encodeSyncStep1(doc: Y.Doc | Map<number, number>): Uint8Array {
  return encodeSync(SyncStep.step1, Y.encodeStateVector(doc));
}

export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return encodeSync(SyncStep.step2, Y.encodeStateAsUpdate(doc, stateVector));
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncStep.update, update);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** y-protocols' permission-denied auth message; the stock provider logs the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AuthKind.permissionDenied);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** A client-side frame; used by tests and tools that speak the protocol without the provider. */
export function encodeAuthToken(token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AuthKind.token);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
