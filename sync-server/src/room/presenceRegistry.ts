import { PresenceRoom, type PresenceRoomOptions } from './presenceRoom.ts';
import type { Connection } from './syncSocket.ts';

export interface PresenceRegistryOptions extends PresenceRoomOptions {
  /** An empty presence room stays this long, so moving between the book and a chapter reuses it. */
  idleUnloadMs: number;
}

/**
 * The presence rooms of this node, one per book with someone in it. Nothing to persist, so a room is
 * simply dropped once it has been empty for a while; it keeps the other nodes' states until then,
 * which a client arriving meanwhile gets at once.
 */
export class PresenceRegistry {
  private readonly rooms = new Map<string, Promise<PresenceRoom>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: PresenceRegistryOptions) {}

  async join(name: string, conn: Connection): Promise<PresenceRoom> {
    for (;;) {
      this.cancelIdle(name);
      let opening = this.rooms.get(name);
      if (!opening) {
        opening = PresenceRoom.open(name, this.options);
        this.rooms.set(name, opening);
        opening.catch(() => this.rooms.delete(name));
      }
      const room = await opening;
      if (room.closed) continue;
      room.join(conn);
      return room;
    }
  }

  leave(room: PresenceRoom, conn: Connection): void {
    room.leave(conn);
    if (room.connections.size === 0 && !room.closed) this.scheduleIdle(room.name);
  }

  async closeAll(): Promise<void> {
    for (const name of [...this.idleTimers.keys()]) this.cancelIdle(name);
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map((opening) => opening.then((room) => room.close()).catch(() => undefined)));
  }

  private scheduleIdle(name: string): void {
    this.cancelIdle(name);
    const timer = setTimeout(() => {
      this.idleTimers.delete(name);
      const opening = this.rooms.get(name);
      if (!opening) return;
      void opening.then((room) => {
        if (room.connections.size > 0 || this.rooms.get(name) !== opening) return;
        this.rooms.delete(name);
        return room.close();
      });
    }, this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(name, timer);
  }

  private cancelIdle(name: string): void {
    const timer = this.idleTimers.get(name);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(name);
  }
}
