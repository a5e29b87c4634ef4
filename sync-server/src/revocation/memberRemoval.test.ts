import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { DocRoots, MessageType } from '@galley/shared/sync/protocol';
import { createLocalJWKSet } from 'jose';
import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { buildBook, putMember } from '../../../api/src/routes/books/bookTestKit.ts';
import { signedInUser } from '../../../tests/support/buildUser.ts';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { createTokenVerifier } from '../auth/tokenVerifier.ts';
import { type RunningSyncServer, startSyncServer } from '../server.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';
import type { AccessRevocations } from './accessRevocations.ts';
import { createRedisAccessRevocations } from './redisAccessRevocations.ts';

const WAIT = { timeout: 15_000 };

/**
 * The api and a sync node, wired the two ways they run: through the real redis-server (separate
 * processes in production), or sharing the api's in-process channel (npm start without REDIS_URL).
 */
const wirings: [string, boolean][] = [
  ['Redis pub/sub', true],
  ['the in-process channel', false],
];

describe.each(wirings)('revoked access closes sync connections (%s)', (_name, redis) => {
  let t: TestApp;
  let sync: RunningSyncServer;
  let nodeRevocations: AccessRevocations | null = null;
  const cleanup: (() => unknown)[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ redis });
    nodeRevocations = redis
      ? createRedisAccessRevocations({ url: inject('redisUrl'), prefix: t.deps.env.REDIS_KEY_PREFIX })
      : null;
    sync = await startSyncServer({
      storage: createMemoryDocStorage(),
      verifyToken: createTokenVerifier({
        issuer: t.deps.env.JWT_ISSUER,
        keys: createLocalJWKSet(t.deps.keys.jwks()),
      }),
      revocations: nodeRevocations ?? t.deps.revocations,
      log: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    for (const f of cleanup.reverse()) await f();
    await sync.close();
    await nodeRevocations?.close();
    await t.close();
  });

  async function syncToken(accessToken: string, bookId: string): Promise<string> {
    const res = await t.request('POST', '/api/sync-tokens', { token: accessToken, body: { bookId } });
    expect(res.status).toBe(201);
    return res.body.token as string;
  }

  /** The stock provider, recording close codes and *persisted*; it reconnects by itself like a browser. */
  function open(docName: string, token: string) {
    const doc = new Y.Doc();
    const closes: { code: number; reason: string }[] = [];
    const persisted: number[] = [];
    const provider = new WebsocketProvider(sync.url, docName, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token, v: '1' },
      disableBc: true,
      maxBackoffTime: 500,
    });
    provider.messageHandlers[MessageType.persisted] = (_e, decoder) => {
      persisted.push(decoding.readVarUint(decoder));
    };
    provider.on('connection-close', (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    cleanup.push(() => provider.destroy());
    return { doc, provider, closes, persisted };
  }

  /** A bare socket with a given token: how it was closed. */
  function closeOf(docName: string, token: string): Promise<{ code: number; reason: string }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${sync.url}/${docName}?token=${encodeURIComponent(token)}&v=1`);
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.on('error', reject);
    });
  }

  async function bookWithMember() {
    const owner = await signedInUser(t, { roles: ['author'] });
    const member = await signedInUser(t, { roles: ['author'] });
    const book = await buildBook(t, owner.user.id);
    await putMember(t, book.id, member.user.id, 'co_author');
    const docName = `book/${book.id}/chapter/${book.chapters[0]!.id}`;
    return { owner, member, book, docName };
  }

  it('removing a member closes their connection (4401) and refuses their old token; the owner stays', async () => {
    const { owner, member, book, docName } = await bookWithMember();
    const memberToken = await syncToken(member.token, book.id);
    const ownerSide = open(docName, await syncToken(owner.token, book.id));
    const memberSide = open(docName, memberToken);
    await vi.waitFor(() => expect(ownerSide.provider.synced && memberSide.provider.synced).toBe(true), WAIT);

    const removed = await t.request('DELETE', `/api/books/${book.id}/members/${member.user.id}`, {
      token: owner.token,
    });
    expect(removed.status).toBe(204);

    await vi.waitFor(
      () =>
        expect(memberSide.closes).toContainEqual({
          code: SyncCloseCode.unauthenticated,
          reason: 'access_revoked',
        }),
      WAIT,
    );
    memberSide.provider.destroy();
    // The token from before the removal opens nothing any more, and the api gives no new one.
    expect(await closeOf(docName, memberToken)).toEqual({
      code: SyncCloseCode.unauthenticated,
      reason: 'access_revoked',
    });
    const refused = await t.request('POST', '/api/sync-tokens', {
      token: member.token,
      body: { bookId: book.id },
    });
    expect(refused.status).toBe(404);

    // The owner never noticed: still connected, still editing, still acknowledged.
    expect(ownerSide.closes).toEqual([]);
    ownerSide.doc.getXmlFragment(DocRoots.text).insert(0, [new Y.XmlText('still mine')]);
    await vi.waitFor(() => expect(ownerSide.persisted.at(-1)).toBe(2), WAIT);
    expect(ownerSide.provider.wsconnected).toBe(true);
  });

  it('binning the book closes everyone’s connection, the owner’s included', async () => {
    const { owner, member, book, docName } = await bookWithMember();
    const ownerSide = open(docName, await syncToken(owner.token, book.id));
    const memberSide = open(docName, await syncToken(member.token, book.id));
    await vi.waitFor(() => expect(ownerSide.provider.synced && memberSide.provider.synced).toBe(true), WAIT);

    const binned = await t.request('DELETE', `/api/books/${book.id}`, { token: owner.token });
    expect(binned.status).toBe(200);

    await vi.waitFor(() => {
      expect(ownerSide.closes.map((c) => c.code)).toContain(SyncCloseCode.unauthenticated);
      expect(memberSide.closes.map((c) => c.code)).toContain(SyncCloseCode.unauthenticated);
    }, WAIT);
  });
});
