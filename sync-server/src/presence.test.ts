import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { presenceDocName } from '@galley/shared/sync/presence';
import { DocRoots, MessageType } from '@galley/shared/sync/protocol';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningSyncServer } from './server.ts';
import type { DocStorage } from './storage/docStorage.ts';
import { createMemoryDocStorage } from './storage/memoryDocStorage.ts';
import {
  caretState,
  type PresenceClient,
  presenceClient,
  presenceState,
  rawPresenceSocket,
} from './testing/presenceClients.ts';
import { startTestIssuer, startTestSyncServer, type TestIssuer } from './testing/syncTestKit.ts';

let issuer: TestIssuer;
let server: RunningSyncServer;
/** Every document name the server asked storage about: presence must never be among them. */
const touched = new Set<string>();
const clients: PresenceClient[] = [];
const sockets: WebSocket[] = [];
const cleanupProviders: WebsocketProvider[] = [];
let books = 0;
/** Each test its own book, so no test sees another's people. */
const newBook = () => `pb${++books}`;

function recording(storage: DocStorage): DocStorage {
  const note = (name: string) => {
    touched.add(name);
    return name;
  };
  return {
    load: (name) => storage.load(note(name)),
    append: (name, update) => storage.append(note(name), update),
    writeSnapshot: (name, state, upTo) => storage.writeSnapshot(note(name), state, upTo),
    recordAuthors: (name, user, ids) => storage.recordAuthors(note(name), user, ids),
    loadAuthors: (name) => storage.loadAuthors(note(name)),
  };
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  server = await startTestSyncServer(issuer, { storage: recording(createMemoryDocStorage()) });
});

afterAll(async () => {
  for (const c of clients) c.provider.destroy();
  for (const p of cleanupProviders) p.destroy();
  for (const ws of sockets) ws.terminate();
  await server.close();
  await issuer.close();
});

async function present(options: Parameters<typeof presenceClient>[2]): Promise<PresenceClient> {
  const client = await presenceClient(server, issuer, options);
  clients.push(client);
  return client;
}

async function raw(options: Parameters<typeof rawPresenceSocket>[2]) {
  const socket = await rawPresenceSocket(server, issuer, options);
  sockets.push(socket.ws);
  return socket;
}

const userIdsOf = (states: unknown[]) =>
  states.map((s) => (s as { user?: { id?: string } } | null)?.user?.id ?? null);

describe('book presence channel', () => {
  it('relays who is where between everyone in the book, a read token being enough', async () => {
    const book = newBook();
    const ana = await present({
      sub: 'ana',
      book,
      access: 'edit',
      state: presenceState('ana', 'ch-3', 'editing'),
    });
    const ben = await present({ sub: 'ben', book, access: 'read' });
    await vi.waitFor(() => expect(ben.others()).toEqual([presenceState('ana', 'ch-3', 'editing')]));
    await vi.waitFor(() => expect(ana.others()).toEqual([presenceState('ben')]));

    ana.awareness.setLocalState(presenceState('ana', null, 'viewing'));
    await vi.waitFor(() => expect(ben.others()).toEqual([presenceState('ana')]));
  });

  it('refuses a document update with 4403 and stores nothing, loads nothing', async () => {
    const book = newBook();
    const watcher = await present({ sub: 'watcher', book });
    const writer = await present({ sub: 'writer', book, access: 'edit' });
    await vi.waitFor(() => expect(userIdsOf(watcher.others())).toEqual(['writer']));
    writer.provider.doc.getMap('sneaky').set('k', 'v');
    await vi.waitFor(() =>
      expect(writer.closes[0]).toEqual({
        code: SyncCloseCode.forbidden,
        reason: 'presence_is_awareness_only',
      }),
    );
    // The writer's presence went with its connection; nobody got its update.
    await vi.waitFor(() => expect(watcher.others()).toEqual([]));
    expect(watcher.provider.doc.getMap('sneaky').size).toBe(0);
    const late = await present({ sub: 'late', book });
    expect(late.provider.doc.getMap('sneaky').size).toBe(0);
    expect([...touched].filter((name) => name.endsWith('/presence'))).toEqual([]);
  });

  it('drops a state that names another user and relays the sender’s honest one', async () => {
    const book = newBook();
    const ana = await present({ sub: 'ana', book });
    const mallory = await raw({ sub: 'mallory', book });
    mallory.sendAwareness([{ clientId: 4242, clock: 1, state: presenceState('ana', 'ch-1', 'editing') }]);
    // A second id on the same connection is refused too: one connection, one presence.
    mallory.sendAwareness([
      { clientId: 4242, clock: 2, state: presenceState('mallory') },
      { clientId: 4343, clock: 1, state: presenceState('mallory', 'ch-9') },
    ]);
    await vi.waitFor(() => expect(ana.others()).toEqual([presenceState('mallory')]));
    expect(userIdsOf(ana.seen)).toEqual(['mallory']);
    expect(mallory.ws.readyState).toBe(WebSocket.OPEN);
    const metrics = await (
      await fetch(`${server.url.replace('ws://', 'http://').replace(/\/sync$/, '')}/metrics`)
    ).text();
    expect(metrics).toMatch(/galley_sync_updates_refused_total\{reason="presence_spoofed"\} [1-9]/);
    expect(metrics).toMatch(/galley_sync_updates_refused_total\{reason="presence_too_many_clients"\} [1-9]/);
  });

  it('never lets one connection overwrite or erase another client’s state', async () => {
    const book = newBook();
    const ana = await present({ sub: 'ana', book, state: presenceState('ana', 'ch-2', 'editing') });
    const ben = await present({ sub: 'ben', book });
    await vi.waitFor(() => expect(ben.others()).toHaveLength(1));
    const anaId = ana.provider.doc.clientID;
    const mallory = await raw({ sub: 'mallory', book });
    mallory.sendAwareness([{ clientId: anaId, clock: 999, state: presenceState('mallory', 'ch-2') }]);
    mallory.sendAwareness([{ clientId: anaId, clock: 1000, state: null }]);
    mallory.sendAwareness([{ clientId: 7, clock: 1, state: presenceState('mallory') }]);
    await vi.waitFor(() => expect(ben.others()).toHaveLength(2));
    expect(ben.awareness.getStates().get(anaId)).toEqual(presenceState('ana', 'ch-2', 'editing'));
    expect(userIdsOf(ben.seen).sort()).toEqual(['ana', 'mallory']);
  });

  it('removes a connection’s state when its socket closes, even without a goodbye', async () => {
    const book = newBook();
    const ana = await present({ sub: 'ana', book });
    const gone = await raw({ sub: 'gone', book });
    gone.sendAwareness([{ clientId: 99, clock: 1, state: presenceState('gone', 'ch-1', 'editing') }]);
    await vi.waitFor(() => expect(userIdsOf(ana.others())).toEqual(['gone']));
    gone.ws.terminate();
    await vi.waitFor(() => expect(ana.others()).toEqual([]));

    // A newcomer is not told about it either, and gets the states of those still here.
    const ben = await present({ sub: 'ben', book });
    await vi.waitFor(() => expect(userIdsOf(ben.others())).toEqual(['ana']));
  });

  it('admits only the token’s book and well-formed names', async () => {
    const token = await issuer.token({ sub: 'ana', book: 'b1', access: 'read' });
    const closeOf = (name: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.url}/${name}?token=${token}`);
        ws.on('close', (code) => resolve(code));
        ws.on('error', () => undefined);
      });
    expect(await closeOf(presenceDocName('b2'))).toBe(SyncCloseCode.forbidden);
    expect(await closeOf('book/b1/presence/extra')).toBe(SyncCloseCode.badRequest);
  });
});

describe('chapter awareness (carets)', () => {
  it('is removed when a socket closes without a goodbye, like presence', async () => {
    const book = newBook();
    const docName = `book/${book}/chapter/c1`;
    const token = (sub: string) => issuer.token({ sub, book, access: 'edit' });
    const watcher = new WebsocketProvider(server.url, docName, new Y.Doc(), {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: await token('watcher'), v: '1' },
      disableBc: true,
    });
    cleanupProviders.push(watcher);
    await vi.waitFor(() => expect(watcher.synced).toBe(true));
    const others = () =>
      [...watcher.awareness.getStates().keys()].filter((id) => id !== watcher.doc.clientID);

    const gone = new WebSocket(`${server.url}/${docName}?token=${await token('gone')}&v=1`);
    sockets.push(gone);
    await new Promise((resolve) => gone.once('open', resolve));
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, 1234);
    encoding.writeVarUint(update, 1);
    encoding.writeVarString(update, JSON.stringify(caretState('gone')));
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MessageType.awareness);
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
    gone.send(encoding.toUint8Array(frame));
    await vi.waitFor(() => expect(others()).toEqual([1234]));
    gone.terminate();
    await vi.waitFor(() => expect(others()).toEqual([]));
  });

  const chapterOf = (book: string) => `book/${book}/chapter/c1`;
  const caret = (sub: string, book: string) =>
    present({ sub, book, access: 'edit', docName: chapterOf(book) });
  const refusals = async () =>
    (await server.metrics.registry.getSingleMetricAsString('galley_sync_updates_refused_total')) ?? '';
  const refusedCount = (text: string, reason: string) =>
    Number(new RegExp(`reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);

  it('relays a co-author’s caret, cursor included, as the editor publishes it', async () => {
    const book = newBook();
    const ana = await caret('ana', book);
    const ben = await caret('ben', book);
    await vi.waitFor(() => expect(ben.others()).toEqual([caretState('ana')]));
    // What y-prosemirror sets: Y.RelativePosition objects, inside a text node and at the root.
    const root = ana.provider.doc.getXmlFragment(DocRoots.text);
    const paragraph = new Y.XmlText('Hello');
    root.insert(0, [paragraph]);
    ana.awareness.setLocalStateField('cursor', {
      anchor: Y.createRelativePositionFromTypeIndex(root, 0, -1),
      head: Y.createRelativePositionFromTypeIndex(paragraph, 3, -1),
    });
    const sent = JSON.parse(JSON.stringify(ana.awareness.getLocalState()));
    expect(sent.cursor.head.item).toEqual({ client: ana.provider.doc.clientID, clock: expect.any(Number) });
    await vi.waitFor(() => expect(ben.others()).toEqual([sent]));
  });

  it('drops a caret under another person’s name, relays the sender’s honest one, and counts the refusals', async () => {
    const book = newBook();
    const before = await refusals();
    const ana = await caret('ana', book);
    const mallory = await raw({ sub: 'mallory', book, docName: chapterOf(book) });
    mallory.sendAwareness([{ clientId: 4242, clock: 1, state: caretState('ana') }]);
    // No id, and a second id on the same connection: refused too.
    mallory.sendAwareness([{ clientId: 4242, clock: 2, state: { user: { name: 'Ana', color: '#1f4e79' } } }]);
    mallory.sendAwareness([
      { clientId: 4242, clock: 3, state: caretState('mallory') },
      { clientId: 4343, clock: 1, state: caretState('mallory') },
    ]);
    await vi.waitFor(() => expect(ana.others()).toEqual([caretState('mallory')]));
    expect(userIdsOf(ana.seen)).toEqual(['mallory']);
    expect(mallory.ws.readyState).toBe(WebSocket.OPEN);
    // A newcomer is told only of the honest carets.
    const ben = await caret('ben', book);
    await vi.waitFor(() => expect(userIdsOf(ben.others()).sort()).toEqual(['ana', 'mallory']));
    const after = await refusals();
    for (const reason of ['awareness_spoofed', 'awareness_invalid_state', 'awareness_too_many_clients']) {
      expect(refusedCount(after, reason)).toBe(refusedCount(before, reason) + 1);
    }
  });

  it('never lets one connection move or erase another person’s caret', async () => {
    const book = newBook();
    const before = await refusals();
    const ana = await caret('ana', book);
    const ben = await caret('ben', book);
    await vi.waitFor(() => expect(ben.others()).toEqual([caretState('ana')]));
    const anaId = ana.provider.doc.clientID;
    const mallory = await raw({ sub: 'mallory', book, docName: chapterOf(book) });
    mallory.sendAwareness([{ clientId: anaId, clock: 999, state: caretState('mallory') }]);
    mallory.sendAwareness([{ clientId: anaId, clock: 1000, state: null }]);
    mallory.sendAwareness([{ clientId: 7, clock: 1, state: caretState('mallory') }]);
    await vi.waitFor(() => expect(ben.others()).toHaveLength(2));
    expect(ben.awareness.getStates().get(anaId)).toEqual(caretState('ana'));
    expect(userIdsOf(ben.seen).sort()).toEqual(['ana', 'mallory']);
    // Ana's caret still changes for Ana.
    ana.awareness.setLocalStateField('user', { ...caretState('ana').user, name: 'Ana Renamed' });
    await vi.waitFor(() =>
      expect((ben.awareness.getStates().get(anaId) as { user: { name: string } }).user.name).toBe(
        'Ana Renamed',
      ),
    );
    expect(refusedCount(await refusals(), 'awareness_foreign_client')).toBe(
      refusedCount(before, 'awareness_foreign_client') + 2,
    );
  });

  it('lets the same person’s new connection take over their caret while the old socket lingers', async () => {
    const book = newBook();
    const watcher = await caret('watcher', book);
    const removed: number[] = [];
    watcher.awareness.on('change', ({ removed: gone }: { removed: number[] }) => removed.push(...gone));
    const open = async () => (await server.metrics.connections.get()).values[0]?.value ?? 0;
    const old = await raw({ sub: 'ana', book, docName: chapterOf(book) });
    old.sendAwareness([{ clientId: 77, clock: 1, state: caretState('ana') }]);
    await vi.waitFor(() => expect(userIdsOf(watcher.others())).toEqual(['ana']));
    // A reconnect: same client id, a newer clock, the old socket not yet noticed as dead.
    const fresh = await raw({ sub: 'ana', book, docName: chapterOf(book) });
    const moved = caretState('ana', {
      anchor: { type: null, tname: DocRoots.text, item: null, assoc: -1 },
      head: { type: null, tname: DocRoots.text, item: null, assoc: -1 },
    });
    fresh.sendAwareness([{ clientId: 77, clock: 2, state: moved }]);
    await vi.waitFor(() => expect(watcher.awareness.getStates().get(77)).toEqual(moved));
    // The old socket going away no longer takes the caret with it (a removal would reach the watcher
    // before the update sent after the server let the old socket go); the new one's does.
    const openBefore = await open();
    old.ws.terminate();
    await vi.waitFor(async () => expect(await open()).toBe(openBefore - 1));
    fresh.sendAwareness([{ clientId: 77, clock: 3, state: caretState('ana') }]);
    await vi.waitFor(() => expect(watcher.awareness.getStates().get(77)).toEqual(caretState('ana')));
    expect(removed).not.toContain(77);
    fresh.ws.terminate();
    await vi.waitFor(() => expect(watcher.others()).toEqual([]));
  });
});
