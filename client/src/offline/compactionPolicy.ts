/**
 * When a chapter's local update log should be folded into one row.
 *
 * Every keystroke is its own Yjs update (20–40 bytes plus the row's own overhead in IndexedDB), so an
 * uncompacted log of a typed chapter is many times the size of the document. We compact once the tail
 * written since the last compaction costs as much as the compacted base (or a small floor for short
 * chapters), which keeps the log under ~2× the encoded document plus the floor, while the work of
 * compacting stays proportional to what was typed (the base doubles at most once per compaction).
 */
export interface LogStats {
  /** Bytes of the row written by the last compaction (0 if never compacted). */
  baseBytes: number;
  /** Rows written since the last compaction. */
  tailRows: number;
  /** Bytes of those rows' updates. */
  tailBytes: number;
}

/** What one row costs besides its update bytes (key, document name, counters, IndexedDB record overhead). */
export const ROW_OVERHEAD_BYTES = 64;
/** Below this much tail a compaction is not worth a transaction. */
export const MIN_TAIL_BYTES = 8 * 1024;

export function tailCost(stats: Pick<LogStats, 'tailRows' | 'tailBytes'>): number {
  return stats.tailBytes + stats.tailRows * ROW_OVERHEAD_BYTES;
}

export function shouldCompact(stats: LogStats): boolean {
  if (stats.tailRows < 2) return false;
  return tailCost(stats) >= Math.max(stats.baseBytes, MIN_TAIL_BYTES);
}

/** The bound the policy keeps: what the log may cost at most just before a compaction triggers. */
export function maxLogCost(baseBytes: number, lastRowCost: number): number {
  return baseBytes + ROW_OVERHEAD_BYTES + Math.max(baseBytes, MIN_TAIL_BYTES) + lastRowCost;
}
