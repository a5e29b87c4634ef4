import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { decodePersisted } from '@galley/shared/sync/persisted';
import { DocRoots, MessageType } from '@galley/shared/sync/protocol';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeAuthToken } from './protocol/frames.ts';
import type { RunningSyncServer } from './server.ts';
import { createMemoryDocStorage } from './storage/memoryDocStorage.ts';
import { caretState } from './testing/presenceClients.ts';
import { startTestIssuer, startTestSyncServer, type TestIssuer } from './testing/syncTestKit.ts';

let issuer: TestIssuer;
let server: RunningSyncServer;
const storage = createMemoryDocStorage();
const providers: WebsocketProvider[] = [];
let docCounter = 0;
const newDoc = () => `book/b1/chapter/c${++docCounter}`;

beforeAll(async () => {
  issuer = await startTestIssuer();
  server = await startTestSyncServer(issuer, { storage });
});

afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
  await issuer.close();
});

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  persisted: number[];
  closes: { code: number; reason: string }[];
}

async function connect(docName: string, access: 'edit' | 'comment' | 'read' = 'edit'): Promise<Client> {
  const doc = new Y.Doc();
  const token = await issuer.token({ book: 'b1', access });
  const provider = new WebsocketProvider(server.url, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, v: '1' },
    // Providers in one process would otherwise also sync through a BroadcastChannel, around the server.
    disableBc: true,
  });
  providers.push(provider);
  const client: Client = { doc, provider, persisted: [], closes: [] };
  // The stock provider has no handler for our message; an app registers one like this.
  provider.messageHandlers[MessageType.persisted] = (_encoder, decoder) => {
    client.persisted.push(decoding.readVarUint(decoder));
  };
  provider.on('connection-close', (event) => {
    if (event) client.closes.push({ code: event.code, reason: event.reason });
  });
  await vi.waitFor(() => expect(provider.synced).toBe(true));
  return client;
}

function paragraphs(doc: Y.Doc): string {
  return doc.getXmlFragment(DocRoots.text).toString();
}

function write(doc: Y.Doc, text: string): void {
  doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText(text)]);
}

async function storedDoc(docName: string): Promise<Y.Doc> {
  const loaded = await storage.load(docName);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(doc, u);
  return doc;
}

/** A raw socket, for what the provider cannot do (bad tokens, renewal, oversize frames). */
function rawSocket(
  url: string,
): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }>; messages: Buffer[] }> {
  const ws = new WebSocket(url);
  // Frames can arrive in the same chunk as the handshake, before a caller could attach a listener.
  const messages: Buffer[] = [];
  ws.on('message', (data: Buffer) => messages.push(data));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, closed, messages }));
    ws.on('error', reject);
  });
}

describe('sync server with the stock y-websocket provider', () => {
  it('syncs two providers on one document and relays awareness', async () => {
    const name = newDoc();
    const [a, b] = [await connect(name), await connect(name)];
    write(a.doc, 'From A');
    write(b.doc, 'From B');
    await vi.waitFor(() => {
      expect(paragraphs(a.doc)).toBe(paragraphs(b.doc));
      expect(paragraphs(a.doc)).toContain('From A');
      expect(paragraphs(a.doc)).toContain('From B');
    });
    a.provider.awareness.setLocalState(caretState('user-1'));
    await vi.waitFor(() =>
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual(caretState('user-1')),
    );
  });

  it('sends persisted after an update is stored', async () => {
    const name = newDoc();
    const a = await connect(name);
    write(a.doc, 'Saved to cloud');
    // #1 is the provider's sync step 2, #2 the edit.
    await vi.waitFor(() => expect(a.persisted.at(-1)).toBe(2));
    expect(paragraphs(await storedDoc(name))).toContain('Saved to cloud');
  });

  it('refuses a read client’s update and closes with 4403', async () => {
    const name = newDoc();
    const editor = await connect(name);
    write(editor.doc, 'Original');
    await vi.waitFor(async () => expect(paragraphs(await storedDoc(name))).toContain('Original'));
    const reader = await connect(name, 'read');
    await vi.waitFor(() => expect(paragraphs(reader.doc)).toContain('Original'));
    write(reader.doc, 'Vandalism');
    await vi.waitFor(() =>
      expect(reader.closes[0]).toEqual({ code: SyncCloseCode.forbidden, reason: 'read_only' }),
    );
    expect(paragraphs(editor.doc)).not.toContain('Vandalism');
    expect(paragraphs(await storedDoc(name))).not.toContain('Vandalism');
  });

  it('lets a comment client comment, refuses its text edit, and stores neither the edit nor less', async () => {
    const name = newDoc();
    const editor = await connect(name);
    write(editor.doc, 'Manuscript');
    const commenter = await connect(name, 'comment');
    await vi.waitFor(() => expect(paragraphs(commenter.doc)).toContain('Manuscript'));
    commenter.doc.getMap(DocRoots.comments).set('thread-1', 'Please expand');
    await vi.waitFor(() =>
      expect(editor.doc.getMap(DocRoots.comments).get('thread-1')).toBe('Please expand'),
    );
    await vi.waitFor(() => expect(commenter.persisted.at(-1)).toBe(2));
    write(commenter.doc, 'Sneaky edit');
    await vi.waitFor(() => expect(commenter.closes[0]?.code).toBe(SyncCloseCode.forbidden));
    const stored = await storedDoc(name);
    expect(paragraphs(stored)).toContain('Manuscript');
    expect(paragraphs(stored)).not.toContain('Sneaky edit');
    expect(stored.getMap(DocRoots.comments).get('thread-1')).toBe('Please expand');
    expect(paragraphs(editor.doc)).not.toContain('Sneaky edit');
  });
});

describe('sync server admission', () => {
  const url = (doc: string, query: string) => `${server.url}/${doc}?${query}`;

  it('refuses absent, forged and expired tokens with their close codes', async () => {
    const absent = await rawSocket(url(newDoc(), 'v=1'));
    expect(await absent.closed).toEqual({ code: SyncCloseCode.unauthenticated, reason: 'missing_token' });

    const other = await startTestIssuer();
    const forgedToken = await other.token({ book: 'b1', access: 'edit' });
    await other.close();
    const forged = await rawSocket(url(newDoc(), `token=${forgedToken}`));
    expect((await forged.closed).code).toBe(SyncCloseCode.unauthenticated);

    const expiredToken = await issuer.ring.sign(
      'sync',
      { sub: 'u', book: 'b1', access: 'edit', docs: 'book/b1/*' },
      -10,
    );
    const expired = await rawSocket(url(newDoc(), `token=${expiredToken}`));
    expect(await expired.closed).toEqual({ code: SyncCloseCode.tokenExpired, reason: 'token_expired' });
  });

  it('refuses another book’s document, a bad name and a protocol mismatch', async () => {
    const token = await issuer.token({ book: 'b1', access: 'edit' });
    const otherBook = await rawSocket(url('book/b2/chapter/c1', `token=${token}`));
    expect((await otherBook.closed).code).toBe(SyncCloseCode.forbidden);
    const badName = await rawSocket(url('book/b1/../etc', `token=${token}`));
    expect((await badName.closed).code).toBe(SyncCloseCode.badRequest);
    const version = await rawSocket(url(newDoc(), `token=${token}&v=99`));
    expect(await version.closed).toEqual({ code: SyncCloseCode.badRequest, reason: 'protocol_version' });
  });

  it('closes a frame over the size limit with 4413', async () => {
    const small = await startTestSyncServer(issuer, { maxMessageBytes: 1024 });
    try {
      const token = await issuer.token({ book: 'b1', access: 'edit' });
      const { ws, closed } = await rawSocket(`${small.url}/${newDoc()}?token=${token}`);
      ws.send(new Uint8Array(1500));
      expect((await closed).code).toBe(SyncCloseCode.messageTooLarge);
    } finally {
      await small.close();
    }
  });

  it('renews a token through the auth message without reconnecting, and closes with 4408 without renewal', async () => {
    const name = newDoc();
    // Long enough that the renewal is read before it runs out even on a loaded machine.
    const shortLived = await issuer.token({ book: 'b1', access: 'edit' }, 3);
    const renewed = await rawSocket(url(name, `token=${shortLived}`));
    const notRenewed = await rawSocket(url(name, `token=${shortLived}`));
    renewed.ws.send(encodeAuthToken(await issuer.token({ book: 'b1', access: 'edit' }, 300)));
    expect(await notRenewed.closed).toEqual({ code: SyncCloseCode.tokenExpired, reason: 'token_expired' });
    // The renewed socket outlived the original token: it still gets answers.
    const frames: Uint8Array[] = [];
    renewed.ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
    renewed.ws.send(Uint8Array.of(MessageType.queryAwareness));
    await vi.waitFor(() => expect(frames.length).toBeGreaterThan(0));
    expect(renewed.ws.readyState).toBe(WebSocket.OPEN);
    renewed.ws.close();
  });

  it('limits connections per user with 4429 and frees the slot when one closes', async () => {
    const limited = await startTestSyncServer(issuer, { maxConnectionsPerUser: 1 });
    try {
      const token = await issuer.token({ sub: 'busy-user', book: 'b1', access: 'edit' });
      const first = await rawSocket(`${limited.url}/${newDoc()}?token=${token}`);
      const second = await rawSocket(`${limited.url}/${newDoc()}?token=${token}`);
      expect(await second.closed).toEqual({
        code: SyncCloseCode.rateLimited,
        reason: 'too_many_connections',
      });
      first.ws.close();
      await first.closed;
      // The server sees the first close a moment after the client does; try until the slot is free.
      let admitted = false;
      for (let attempt = 0; attempt < 50 && !admitted; attempt++) {
        const third = await rawSocket(`${limited.url}/${newDoc()}?token=${token}`);
        admitted = await new Promise<boolean>((resolve) => {
          if (third.messages.length > 0) resolve(true);
          third.ws.once('message', () => resolve(true));
          void third.closed.then(() => resolve(third.messages.length > 0));
        });
        third.ws.close();
      }
      expect(admitted).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it('refuses a renewal token for another user', async () => {
    const { ws, closed } = await rawSocket(
      url(newDoc(), `token=${await issuer.token({ book: 'b1', access: 'edit' })}`),
    );
    ws.send(encodeAuthToken(await issuer.token({ sub: 'someone-else', book: 'b1', access: 'edit' })));
    expect((await closed).code).toBe(SyncCloseCode.forbidden);
  });

  it('serves health, readiness and metrics', async () => {
    const base = server.url.replace('ws://', 'http://').replace(/\/sync$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('galley_sync_connections');
    expect(metrics).toContain('galley_sync_receive_to_persisted_seconds');
    expect(metrics).toMatch(
      /^galley_sync_receive_to_persisted_quantiles_seconds\{quantile="0\.99"\} [\d.e-]+$/m,
    );
    expect(metrics).toMatch(/^galley_sync_receive_to_persisted_quantiles_seconds_count \d+$/m);
  });
});

describe('persisted message', () => {
  it('decodes with the shared codec', () => {
    expect(decodePersisted(Uint8Array.of(MessageType.persisted, 3))).toEqual({ type: 'persisted', upTo: 3 });
  });
});
