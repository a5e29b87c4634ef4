import type { User } from '@galley/shared/api/auth';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import Dexie, { type EntityTable } from 'dexie';
import type { SessionStore, StoredSession } from '../api/sessionStore.ts';

/** One row: the signed-in session on this device. The key is fixed so there is never a second one. */
interface SessionRow {
  key: 'current';
  refreshToken: string;
  user: User;
  savedAt: string;
}

/**
 * One Yjs update of a chapter document, in the order it was written on this device. `pending` is how
 * many local changes the row holds that the cloud had not confirmed when it was written (0 for updates
 * that came from the server). After a compaction one row holds the merged state.
 */
export interface DocUpdateRow {
  id?: number;
  docName: string;
  update: Uint8Array;
  pending: number;
}

/** What the device remembers about a chapter document besides its updates. */
export interface DocStateRow {
  docName: string;
  /** Rows up to this id are known to be stored in the cloud. */
  ackedRowId: number;
  /** The row the last compaction wrote, and its size (the compaction policy's base). */
  compactedRowId: number;
  baseBytes: number;
  /** ISO time of the last "Saved to cloud". */
  lastCloudSaveAt: string | null;
  /** The access the last sync token granted, so the chapter opens editable (or not) offline. */
  access: SyncAccess | null;
  /** For the offline title of the editor page. */
  title: string | null;
}

/** An api answer kept for offline reading (the library, a book), per signed-in user. */
export interface ApiCacheRow {
  key: string;
  userId: string;
  data: unknown;
  savedAt: string;
}

/**
 * A write waiting to reach the api (see offline/outbox.ts). `op` is an `OutboxOp`; kept as unknown
 * here so this file stays the schema only.
 */
export interface OutboxRow {
  id?: number;
  userId: string;
  op: unknown;
  idempotencyKey: string;
  createdAt: string;
  state: 'pending' | 'conflict' | 'failed';
  attempts: number;
  error: { code: string; message: string } | null;
  /** For `state: 'conflict'`: the server's current copy and the fields both sides changed. */
  conflict: unknown;
}

/**
 * An image placed in a chapter whose bytes have not reached the media library yet (offline, or the
 * upload failed): the chapter already names it by `mediaId`, and the queue (offline/pendingImagesQueue.ts)
 * uploads it under that id when the network returns. `failed` rows were refused by the api (not an
 * image, too large…) and are not retried.
 */
export interface PendingImageRow {
  mediaId: string;
  userId: string;
  bookId: string;
  /** The chapter it was placed in. */
  docName: string;
  file: Blob;
  contentType: 'image/jpeg' | 'image/png';
  alt: string;
  caption: string | null;
  credit: string | null;
  createdAt: string;
  state: 'waiting' | 'failed';
  attempts: number;
  error: { code: string; message: string } | null;
}

/**
 * The client's IndexedDB. Later issues add tables here (documents, cached api reads, the outbox); add
 * them as a new `version(n)` so existing installs upgrade in place.
 */
export class GalleyDb extends Dexie {
  session!: EntityTable<SessionRow, 'key'>;
  docUpdates!: EntityTable<DocUpdateRow, 'id'>;
  docStates!: EntityTable<DocStateRow, 'docName'>;
  apiCache!: EntityTable<ApiCacheRow, 'key'>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  pendingImages!: EntityTable<PendingImageRow, 'mediaId'>;

  constructor(name = 'galley') {
    super(name);
    this.version(1).stores({ session: 'key' });
    // Chapter documents (issue 5): their update logs and what we know of each.
    this.version(2).stores({ docUpdates: '++id, docName', docStates: 'docName' });
    // Offline api reads and the outbox of offline writes (issue 5).
    this.version(3).stores({ apiCache: 'key, userId', outbox: '++id, userId' });
    // Images placed in a chapter while their upload could not happen (issue 5, images).
    this.version(4).stores({ pendingImages: 'mediaId, userId, docName' });
  }
}

export const db = new GalleyDb();

export function dexieSessionStore(database: GalleyDb = db): SessionStore {
  return {
    async load(): Promise<StoredSession | null> {
      const row = await database.session.get('current');
      return row ? { refreshToken: row.refreshToken, user: row.user } : null;
    },
    async save(session: StoredSession): Promise<void> {
      await database.session.put({ key: 'current', ...session, savedAt: new Date().toISOString() });
    },
    async clear(): Promise<void> {
      await database.session.delete('current');
    },
  };
}
