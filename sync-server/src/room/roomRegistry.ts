import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoom, type RoomOptions } from './docRoom.ts';
import type { Connection } from './syncSocket.ts';

export interface RoomRegistryOptions extends RoomOptions {
  /** A room with no clients for this long is persisted, snapshotted and dropped from memory. */
  idleUnloadMs: number;
}

/**
 * The loaded documents of this node. Loading is shared (two clients opening a cold document cause one
 * load), and a room being unloaded finishes persisting before anyone gets a fresh copy of it, so a
 * reload never misses the tail of the log.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Promise<DocRoom>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: RoomRegistryOptions) {
    options.fanout?.onResume(() => {
      for (const loading of this.rooms.values()) {
        void loading
          .then((room) => room.catchUp())
          .catch((error) => this.options.log.warn({ err: error }, 'catch-up after fan-out loss failed'));
      }
    });
  }

  get loadedCount(): number {
    return this.rooms.size;
  }

  async join(name: string, conn: Connection): Promise<DocRoom> {
    for (;;) {
      await this.unloading.get(name);
      this.cancelIdle(name);
      let loading = this.rooms.get(name);
      if (!loading) {
        loading = DocRoom.load(name, this.options);
        this.rooms.set(name, loading);
        loading.then(
          () => this.options.metrics.loadedDocs.inc(),
          () => this.rooms.delete(name),
        );
      }
      const room = await loading;
      if (room.closing) continue;
      room.join(conn);
      return room;
    }
  }

  leave(room: DocRoom, conn: Connection): void {
    room.leave(conn);
    if (room.connections.size === 0 && !room.closing) this.scheduleIdle(room.name);
  }

  /** Persists and closes every room (SIGTERM): clients get `code` and reconnect elsewhere. */
  async closeAll(code: number = SyncCloseCode.shuttingDown, reason = 'shutting_down'): Promise<void> {
    for (const name of [...this.idleTimers.keys()]) this.cancelIdle(name);
    await Promise.all([...this.rooms.keys()].map((name) => this.unload(name, code, reason)));
  }

  private scheduleIdle(name: string): void {
    this.cancelIdle(name);
    const timer = setTimeout(() => {
      this.idleTimers.delete(name);
      void this.unload(name, SyncCloseCode.shuttingDown, 'unloaded');
    }, this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(name, timer);
  }

  private cancelIdle(name: string): void {
    const timer = this.idleTimers.get(name);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(name);
  }

  private async unload(name: string, code: number, reason: string): Promise<void> {
    const loading = this.rooms.get(name);
    if (!loading) return;
    const room = await loading.catch(() => null);
    if (!room || room.closing || this.rooms.get(name) !== loading) return;
    if (reason === 'unloaded' && room.connections.size > 0) return;
    // Unloading waits for storage; while it is down that would block everyone reopening the document,
    // so an idle room with unstored updates stays loaded (and keeps retrying) until they are stored.
    if (reason === 'unloaded' && room.hasUnpersisted) {
      this.scheduleIdle(name);
      return;
    }
    const done = room
      .close(code, reason)
      .catch((error) => this.options.log.error({ err: error, doc: name }, 'unload failed'))
      .finally(() => {
        this.rooms.delete(name);
        this.unloading.delete(name);
        this.options.metrics.loadedDocs.dec();
      });
    this.unloading.set(name, done);
    await done;
  }
}
