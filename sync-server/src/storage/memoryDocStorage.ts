import {
  type DeletedRanges,
  decodeDeletedRanges,
  encodeDeletedRanges,
  mergeRanges,
} from './deletedRanges.ts';
import { type DocStorage, type LoadedDoc, StorageUnavailableError } from './docStorage.ts';

interface MemoryDoc {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  log: Map<number, Uint8Array>;
  lastSeq: number;
  authors: Map<number, string>;
  /** Per user, everything they deleted (merged). */
  deletions: Map<string, DeletedRanges>;
}

export interface MemoryDocStorageOptions {
  /** While this returns true every call fails as the real store would during an outage (tests, drills). */
  unavailable?: () => boolean;
  /** Share documents with another instance (two "nodes", or a node and its restarted self). */
  backend?: MemoryDocBackend;
  /** Delay every call, so writes are really in flight for a while (tests of what is acknowledged when). */
  latencyMs?: number;
}

export type MemoryDocBackend = Map<string, MemoryDoc>;

export function createMemoryDocBackend(): MemoryDocBackend {
  return new Map();
}

/** One process's documents in memory: for tests and single-node development without the AWS stack. */
export function createMemoryDocStorage(options: MemoryDocStorageOptions = {}): DocStorage {
  const docs = options.backend ?? createMemoryDocBackend();
  const docOf = (name: string): MemoryDoc => {
    let doc = docs.get(name);
    if (!doc) {
      doc = {
        snapshot: null,
        snapshotSeq: 0,
        log: new Map(),
        lastSeq: 0,
        authors: new Map(),
        deletions: new Map(),
      };
      docs.set(name, doc);
    }
    return doc;
  };
  // Async like the real store, so callers see the same interleavings.
  const available = async (): Promise<void> => {
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    else await Promise.resolve();
    if (options.unavailable?.()) throw new StorageUnavailableError('memory storage is unavailable');
  };
  return {
    async load(docName): Promise<LoadedDoc> {
      await available();
      const doc = docOf(docName);
      const updates = [...doc.log.entries()].sort(([a], [b]) => a - b).map(([, u]) => u.slice());
      return {
        snapshot: doc.snapshot?.slice() ?? null,
        snapshotSeq: doc.snapshotSeq,
        updates,
        lastSeq: doc.lastSeq,
      };
    },
    async append(docName, update) {
      await available();
      const doc = docOf(docName);
      doc.lastSeq += 1;
      doc.log.set(doc.lastSeq, update.slice());
      return doc.lastSeq;
    },
    async writeSnapshot(docName, state, upToSeq) {
      await available();
      const doc = docOf(docName);
      if (upToSeq <= doc.snapshotSeq || upToSeq > doc.lastSeq) return;
      doc.snapshot = state.slice();
      doc.snapshotSeq = upToSeq;
      for (const seq of doc.log.keys()) if (seq <= upToSeq) doc.log.delete(seq);
    },
    async recordAuthors(docName, userId, clientIds) {
      await available();
      const { authors } = docOf(docName);
      for (const id of clientIds) if (!authors.has(id)) authors.set(id, userId);
    },
    async loadAuthors(docName) {
      await available();
      return new Map(docOf(docName).authors);
    },
    async recordDeletions(docName, userId, deleted) {
      const added = decodeDeletedRanges(deleted);
      await available();
      const { deletions } = docOf(docName);
      deletions.set(userId, mergeRanges(deletions.get(userId) ?? new Map(), added));
    },
    async loadDeletions(docName) {
      await available();
      const records = new Map<string, Uint8Array>();
      for (const [userId, ranges] of docOf(docName).deletions)
        records.set(userId, encodeDeletedRanges(ranges));
      return records;
    },
  };
}
