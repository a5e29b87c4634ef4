import type { ChapterAwarenessState } from '@galley/shared/sync/chapterAwareness';
import { type PresenceState, presenceDocName } from '@galley/shared/sync/presence';
import { MessageType } from '@galley/shared/sync/protocol';
import type { SyncAccess } from '@galley/shared/sync/syncToken';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { expect, vi } from 'vitest';
import { WebSocket } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { AwarenessEntry } from '../protocol/frames.ts';
import { encodeAwarenessEntries } from '../room/awarenessGate.ts';
import type { RunningSyncServer } from '../server.ts';
import type { TestIssuer } from './syncTestKit.ts';

export function presenceState(
  userId: string,
  chapterId: string | null = null,
  activity: PresenceState['activity'] = 'viewing',
): PresenceState {
  return { user: { id: userId, name: `Name of ${userId}`, color: '#1f4e79' }, chapterId, activity };
}

/** A chapter's awareness state as TipTap's CollaborationCaret publishes it, for `userId`. */
export function caretState(
  userId: string,
  cursor: ChapterAwarenessState['cursor'] = null,
): ChapterAwarenessState {
  return { user: { id: userId, name: `Name of ${userId}`, color: '#1f4e79' }, cursor };
}

export interface PresenceClient {
  provider: WebsocketProvider;
  awareness: Awareness;
  /** Every state this client ever saw for another client, in arrival order. */
  seen: unknown[];
  closes: { code: number; reason: string }[];
  /** The others' states right now. */
  others(): unknown[];
}

/**
 * The stock y-websocket provider on a book's presence channel, as the app uses it: its state is set
 * before it connects, so the first awareness frame already names the user. With `docName` it opens a
 * chapter of the book instead, its state a caret (`caretState`) unless given.
 */
export async function presenceClient(
  server: RunningSyncServer,
  issuer: TestIssuer,
  options: {
    sub: string;
    book?: string;
    access?: SyncAccess;
    state?: PresenceState | ChapterAwarenessState;
    docName?: string;
  },
): Promise<PresenceClient> {
  const book = options.book ?? 'b1';
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  const initial = options.docName ? caretState(options.sub) : presenceState(options.sub);
  awareness.setLocalState(options.state ?? initial);
  const token = await issuer.token({ sub: options.sub, book, access: options.access ?? 'read' });
  const provider = new WebsocketProvider(server.url, options.docName ?? presenceDocName(book), doc, {
    connect: false,
    awareness,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, v: '1' },
    disableBc: true,
  });
  const seen: unknown[] = [];
  const closes: { code: number; reason: string }[] = [];
  awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated])
      if (id !== doc.clientID) seen.push(awareness.getStates().get(id));
  });
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  provider.connect();
  await vi.waitFor(() => expect(provider.synced).toBe(true));
  return {
    provider,
    awareness,
    seen,
    closes,
    others: () => [...awareness.getStates()].filter(([id]) => id !== doc.clientID).map(([, s]) => s),
  };
}

export interface RawPresenceSocket {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  /** Awareness entries the server sent, decoded. */
  awareness: { clientId: number; clock: number; state: unknown }[];
  denied: string[];
  sendAwareness(entries: AwarenessEntry[]): void;
}

/** A socket that sends whatever a test tells it to: what a hostile client could send. */
export async function rawPresenceSocket(
  server: RunningSyncServer,
  issuer: TestIssuer,
  /** `docName`: a chapter of the book instead of its presence channel. */
  options: { sub: string; book?: string; access?: SyncAccess; docName?: string },
): Promise<RawPresenceSocket> {
  const book = options.book ?? 'b1';
  const token = await issuer.token({ sub: options.sub, book, access: options.access ?? 'edit' });
  const ws = new WebSocket(`${server.url}/${options.docName ?? presenceDocName(book)}?token=${token}&v=1`);
  const received: RawPresenceSocket['awareness'] = [];
  const denied: string[] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.auth) {
      decoding.readVarUint(decoder);
      denied.push(decoding.readVarString(decoder));
    }
    if (type !== MessageType.awareness) return;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(update);
      const clock = decoding.readVarUint(update);
      received.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) });
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return {
    ws,
    closed,
    awareness: received,
    denied,
    sendAwareness(entries) {
      const frame = encoding.createEncoder();
      encoding.writeVarUint(frame, MessageType.awareness);
      encoding.writeVarUint8Array(frame, encodeAwarenessEntries(entries));
      ws.send(encoding.toUint8Array(frame));
    },
  };
}
