import type { User } from '@galley/shared/api/auth';
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
 * The client's IndexedDB. Later issues add tables here (documents, cached api reads, the outbox); add
 * them as a new `version(n)` so existing installs upgrade in place.
 */
export class GalleyDb extends Dexie {
  session!: EntityTable<SessionRow, 'key'>;

  constructor(name = 'galley') {
    super(name);
    this.version(1).stores({ session: 'key' });
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
