import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Deleted clocks of one Yjs client: [clock, clock + len). */
export interface DeletedRange {
  clock: number;
  len: number;
}

/**
 * A Yjs delete set as plain data: per client, ranges sorted by clock with overlapping and adjacent
 * ones merged (normalizeRanges), so what one user deleted in a chapter stays a few ranges per editor
 * session however many times they pressed backspace.
 */
export type DeletedRanges = Map<number, DeletedRange[]>;

/**
 * Copies the ranges of `from` (DeletedRanges, or a Yjs DeleteSet's `clients`) into `into`, unsorted:
 * call normalizeRanges before reading. Copies, never shares: Yjs merges its own DeleteItems in place,
 * so holding a transaction's items would let a later merge change an update Yjs has not encoded yet.
 */
export function addRanges(into: DeletedRanges, from: ReadonlyMap<number, readonly DeletedRange[]>): void {
  for (const [client, ranges] of from) {
    if (ranges.length === 0) continue;
    let list = into.get(client);
    if (!list) {
      list = [];
      into.set(client, list);
    }
    for (const { clock, len } of ranges) if (len > 0) list.push({ clock, len });
  }
}

/** Sorts each client's ranges and merges the ones that overlap or touch, in place. */
export function normalizeRanges(ranges: DeletedRanges): DeletedRanges {
  for (const [client, list] of ranges) {
    list.sort((a, b) => a.clock - b.clock);
    const merged: DeletedRange[] = [];
    for (const range of list) {
      const last = merged.at(-1);
      if (last && range.clock <= last.clock + last.len) {
        last.len = Math.max(last.len, range.clock + range.len - last.clock);
      } else merged.push({ ...range });
    }
    if (merged.length === 0) ranges.delete(client);
    else ranges.set(client, merged);
  }
  return ranges;
}

/** One normalized set holding every range of `sets`. */
export function mergeRanges(...sets: DeletedRanges[]): DeletedRanges {
  const merged: DeletedRanges = new Map();
  for (const set of sets) addRanges(merged, set);
  return normalizeRanges(merged);
}

export function isEmptyRanges(ranges: DeletedRanges): boolean {
  for (const list of ranges.values()) if (list.length > 0) return false;
  return true;
}

/**
 * Encodes the ranges as a Yjs (v1) update that only deletes: no structs, then the delete set in the
 * format Yjs writes at the end of every update. So the record is compact (two varints per range) and
 * any Yjs tool reads it (Y.decodeUpdate(bytes).ds, Y.logUpdate).
 */
export function encodeDeletedRanges(ranges: DeletedRanges): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  const clients = [...ranges].filter(([, list]) => list.length > 0);
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, list] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const { clock, len } of list) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

/** Reads what encodeDeletedRanges wrote (normalized). Throws on anything else. */
export function decodeDeletedRanges(bytes: Uint8Array): DeletedRanges {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== 0) throw new Error('a deletion record holds no structs');
  const ranges: DeletedRanges = new Map();
  const clients = decoding.readVarUint(decoder);
  for (let i = 0; i < clients; i++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    const list: DeletedRange[] = [];
    for (let j = 0; j < count; j++) {
      list.push({ clock: decoding.readVarUint(decoder), len: decoding.readVarUint(decoder) });
    }
    addRanges(ranges, new Map([[client, list]]));
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a deletion record');
  return normalizeRanges(ranges);
}

/** Upper bound of a varint's size (lib0 writes 7 bits per byte). */
const varUintBytes = (n: number) =>
  n < 2 ** 7 ? 1 : n < 2 ** 14 ? 2 : n < 2 ** 21 ? 3 : n < 2 ** 28 ? 4 : 5;

/**
 * Splits the ranges into sets whose encodings stay under `maxBytes` each (a storage item's limit).
 * A set held in one piece is returned as it is.
 */
export function splitDeletedRanges(ranges: DeletedRanges, maxBytes: number): DeletedRanges[] {
  // Header: the struct count and the client count (at most 1 + 5 bytes); per client, id and count.
  const HEADER = 6;
  const CLIENT = 10;
  const pieces: DeletedRanges[] = [];
  let piece: DeletedRanges = new Map();
  let bytes = HEADER;
  for (const [client, list] of ranges) {
    for (const range of list) {
      const rangeBytes = varUintBytes(range.clock) + varUintBytes(range.len);
      const clientBytes = piece.has(client) ? 0 : CLIENT;
      if (bytes + clientBytes + rangeBytes > maxBytes && piece.size > 0) {
        pieces.push(piece);
        piece = new Map();
        bytes = HEADER;
      }
      if (!piece.has(client)) {
        piece.set(client, []);
        bytes += CLIENT;
      }
      piece.get(client)!.push({ ...range });
      bytes += rangeBytes;
    }
  }
  if (piece.size > 0) pieces.push(piece);
  return pieces;
}
