import { decodePersisted } from '@galley/shared/sync/persisted';
import { AuthKind, MessageType, SyncStep } from '@galley/shared/sync/protocol';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { DocRoom } from '../room/docRoom.ts';
import { type Connection, newConnection, type SyncSocket } from '../room/syncSocket.ts';

/**
 * A client of a room without any network: a SyncSocket that records what the room sends, and a Y.Doc
 * that applies it. For room tests; server tests use the real y-websocket provider instead.
 */
export class RoomClient implements SyncSocket {
  readonly doc: Y.Doc;
  readonly conn: Connection;
  /** Updates sent on this connection, by *persisted* counter (the step 2 reply included). */
  readonly sent = new Map<number, Uint8Array>();
  closed: { code: number; reason: string } | null = null;
  persistedUpTo = 0;
  denied: string[] = [];
  awarenessFrames = 0;
  private inbox: Uint8Array[] = [];

  constructor(
    readonly room: DocRoom,
    access: SyncAccess = 'edit',
    userId = 'user',
    /** An existing document: a reconnect, carrying whatever was edited offline. */
    doc?: Y.Doc,
  ) {
    this.doc = doc ?? new Y.Doc();
    this.conn = newConnection(this, userId, access);
    room.join(this.conn);
    this.drain();
    this.room.receive(this.conn, frame(MessageType.sync, SyncStep.step1, Y.encodeStateVector(this.doc)));
    this.drain();
  }

  send(data: Uint8Array): void {
    this.inbox.push(data);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  isOpen(): boolean {
    return this.closed === null;
  }

  /** Sends a local change made with `change(doc)` as an update frame. */
  edit(change: (doc: Y.Doc) => void): void {
    const updates: Uint8Array[] = [];
    const record = (u: Uint8Array, origin: unknown) => {
      if (origin !== 'remote') updates.push(u);
    };
    this.doc.on('update', record);
    change(this.doc);
    this.doc.off('update', record);
    for (const u of updates) this.sendUpdate(u);
  }

  sendUpdate(update: Uint8Array): void {
    this.sent.set(this.conn.received + 1, update);
    this.room.receive(this.conn, frame(MessageType.sync, SyncStep.update, update));
    this.drain();
  }

  text(): string {
    return this.doc.getXmlFragment('default').toString();
  }

  /** Applies everything the room sent so far. */
  drain(): void {
    const frames = this.inbox;
    this.inbox = [];
    for (const data of frames) {
      const persisted = decodePersisted(data);
      if (persisted) {
        this.persistedUpTo = persisted.upTo;
        continue;
      }
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      if (type === MessageType.sync) {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.step1) {
          const reply = Y.encodeStateAsUpdate(this.doc, payload);
          this.sent.set(this.conn.received + 1, reply);
          this.room.receive(this.conn, frame(MessageType.sync, SyncStep.step2, reply));
        } else Y.applyUpdate(this.doc, payload, 'remote');
      } else if (type === MessageType.auth) {
        if (decoding.readVarUint(decoder) === AuthKind.permissionDenied)
          this.denied.push(decoding.readVarString(decoder));
      } else if (type === MessageType.awareness) this.awarenessFrames += 1;
    }
  }
}

function frame(type: number, step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
