import { type DeletedRange, decodeDeletedRanges } from '@galley/sync-server/storage/deletedRanges';

/** A stretch of consecutive clocks and the user who deleted it (null: nobody recorded). */
export interface DeletedPiece {
  length: number;
  by: string | null;
}

/** Who deleted each part of the clocks [clock, clock + length) of a Yjs client, in clock order. */
export type DeletersOf = (client: number, clock: number, length: number) => DeletedPiece[];

/**
 * Looks deleted items up in the per-user deletion records the sync server keeps
 * (DocStorage.loadDeletions). One Yjs item may hold text several people deleted (adjacent deletions
 * merge into one range of the document's delete set), so a lookup answers per piece, not per item.
 *
 * When several users' records hold the same clock, they deleted it concurrently (two editors offline,
 * or a restore racing an editor): each really deleted it, and the order between them is unknowable,
 * so the one named is the first by user id — the same answer every time the comparison is read.
 */
export function deleterIndex(records: ReadonlyMap<string, Uint8Array>): DeletersOf {
  const users = [...records.keys()].sort();
  const rangesOf = users.map((userId) => ({ userId, ranges: decodeDeletedRanges(records.get(userId)!) }));
  return (client, clock, length) => {
    const end = clock + length;
    const cuts = new Set([clock, end]);
    const lists: { userId: string; list: DeletedRange[] }[] = [];
    for (const { userId, ranges } of rangesOf) {
      const list = ranges.get(client);
      if (!list) continue;
      lists.push({ userId, list });
      for (let i = firstEndingAfter(list, clock); i < list.length && list[i]!.clock < end; i++) {
        const range = list[i]!;
        if (range.clock > clock) cuts.add(range.clock);
        if (range.clock + range.len < end) cuts.add(range.clock + range.len);
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    const pieces: DeletedPiece[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const at = points[i]!;
      const by = lists.find(({ list }) => contains(list, at))?.userId ?? null;
      const last = pieces.at(-1);
      if (last && last.by === by) last.length += points[i + 1]! - at;
      else pieces.push({ length: points[i + 1]! - at, by });
    }
    return pieces;
  };
}

/** Index of the first range that ends after `clock` (ranges are sorted and disjoint). */
function firstEndingAfter(list: DeletedRange[], clock: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.clock + list[mid]!.len <= clock) low = mid + 1;
    else high = mid;
  }
  return low;
}

function contains(list: DeletedRange[], clock: number): boolean {
  const i = firstEndingAfter(list, clock);
  return i < list.length && list[i]!.clock <= clock;
}
