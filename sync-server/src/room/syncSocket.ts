import type { SyncAccess } from '@galley/shared/sync/syncToken';

/** All a room needs of a client's socket; server.ts adapts `ws` to it, tests use plain objects. */
export interface SyncSocket {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  isOpen(): boolean;
}

/** One client on one document, as the room sees it. */
export interface Connection {
  socket: SyncSocket;
  userId: string;
  /** Mutable: a renewed token may carry a different access level. */
  access: SyncAccess;
  /** Client updates received on this connection (the *persisted* counter, see shared/src/sync/persisted.ts). */
  received: number;
  /** Highest counter acknowledged with *persisted*. */
  persistedUpTo: number;
  /** Awareness client ids this connection announced, removed when it leaves. */
  awarenessIds: Set<number>;
  /** Called with the token from an auth message; server.ts verifies it and updates `access`. */
  renewToken?: (token: string) => void;
}

export function newConnection(socket: SyncSocket, userId: string, access: SyncAccess): Connection {
  return { socket, userId, access, received: 0, persistedUpTo: 0, awarenessIds: new Set() };
}
