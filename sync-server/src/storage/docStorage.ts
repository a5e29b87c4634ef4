/**
 * Where documents live: an append-only update log per document plus the latest snapshot (merged
 * state). Loading = snapshot + the log entries after it. Entries are numbered 1, 2, 3… per document;
 * numbers are never reused, even after the entries behind a snapshot have been compacted away.
 */
export interface LoadedDoc {
  /** Merged state covering every log entry ≤ snapshotSeq, or null when no snapshot exists yet. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Log entries after the snapshot, in sequence order. */
  updates: Uint8Array[];
  /** Highest sequence number written so far (snapshotSeq when the log tail is empty). */
  lastSeq: number;
}

export interface DocStorage {
  load(docName: string): Promise<LoadedDoc>;
  /**
   * Appends one entry after the current end of the log and resolves with its sequence number once it
   * is stored durably. Two writers (two nodes) never overwrite each other's entries, and no entry is
   * ever written behind a snapshot (where loading would skip it).
   */
  append(docName: string, update: Uint8Array): Promise<number>;
  /**
   * Stores `state` as the snapshot covering every entry ≤ upToSeq and removes those entries. A
   * snapshot that is not newer than the current one is dropped (the current one already covers it).
   */
  writeSnapshot(docName: string, state: Uint8Array, upToSeq: number): Promise<void>;
  /**
   * Records that `userId` wrote with these Yjs client ids in the document. Every Yjs item carries the
   * id of the client that created it, so this turns a chapter's history into people (version
   * comparisons). The first claim of an id wins; records are never compacted with the log.
   */
  recordAuthors(docName: string, userId: string, clientIds: number[]): Promise<void>;
  /** Every recorded client id of the document and its user. */
  loadAuthors(docName: string): Promise<Map<number, string>>;
  /**
   * Adds to the per-day counts of changes each user stored in a chapter (the book's activity, read by
   * the api). Optional: a storage without it keeps no activity.
   */
  recordActivity?(counts: ActivityCount[]): Promise<void>;
  /**
   * Adds to the record of what `userId` deleted in the document: `deleted` is a delete set encoded by
   * encodeDeletedRanges (deletedRanges.ts). Yjs delete sets do not say who deleted, so this is the only
   * place that does (version comparisons name who deleted each run). Records merge into each other
   * (adding the same ranges twice changes nothing), stay within the store's item limits however much a
   * user deletes, and are never compacted with the log. Optional, like recordActivity: a storage
   * without it names nobody for deletions.
   */
  recordDeletions?(docName: string, userId: string, deleted: Uint8Array): Promise<void>;
  /** Each user's recorded deletions in the document, merged into one encoded delete set per user. */
  loadDeletions?(docName: string): Promise<Map<string, Uint8Array>>;
}

/** Changes one user stored in one chapter during one UTC day, and when (epoch ms). */
export interface ActivityCount {
  bookId: string;
  chapterId: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  userId: string;
  changes: number;
  firstAt: number;
  lastAt: number;
}

/** Thrown (and retried by the room) when the backing store cannot be reached or refuses the write. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
}
