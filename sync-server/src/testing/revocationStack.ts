import { MessageType } from '@galley/shared/sync/protocol';
import { createLocalJWKSet } from 'jose';
import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { expect, inject } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { buildTestApp, type TestApp } from '../../../tests/support/testApp.ts';
import { createTokenVerifier } from '../auth/tokenVerifier.ts';
import type { AccessRevocations } from '../revocation/accessRevocations.ts';
import { createRedisAccessRevocations } from '../revocation/redisAccessRevocations.ts';
import { type RunningSyncServer, startSyncServer } from '../server.ts';
import { createMemoryDocStorage } from '../storage/memoryDocStorage.ts';

/**
 * The api and a sync node, wired the two ways they run: through the real redis-server (separate
 * processes in production), or sharing the api's in-process channel (npm start without REDIS_URL).
 */
export const revocationWirings: [string, boolean][] = [
  ['Redis pub/sub', true],
  ['the in-process channel', false],
];

export interface SyncSide {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  persisted: number[];
}

export interface RevocationStack {
  t: TestApp;
  sync: RunningSyncServer;
  /** A sync token from the api for the caller of `accessToken`; expects 201. */
  syncToken(accessToken: string, bookId: string): Promise<string>;
  /** The stock provider, recording close codes and *persisted*; it reconnects by itself like a browser. */
  open(docName: string, token: string): SyncSide;
  /** A bare socket with a given token: how it was closed (by `node`, the stack's node by default). */
  closeOf(
    docName: string,
    token: string,
    node?: RunningSyncServer,
  ): Promise<{ code: number; reason: string }>;
  /** Another sync node started now, with its own channel to Redis: what a restarted node is. */
  startNode(): Promise<RunningSyncServer>;
  close(): Promise<void>;
}

export async function startRevocationStack(redis: boolean): Promise<RevocationStack> {
  const t = await buildTestApp({ redis });
  const cleanup: (() => unknown)[] = [];
  const startNode = async (): Promise<RunningSyncServer> => {
    const revocations: AccessRevocations | null = redis
      ? createRedisAccessRevocations({ url: inject('redisUrl'), prefix: t.deps.env.REDIS_KEY_PREFIX })
      : null;
    const node = await startSyncServer({
      storage: createMemoryDocStorage(),
      verifyToken: createTokenVerifier({
        issuer: t.deps.env.JWT_ISSUER,
        keys: createLocalJWKSet(t.deps.keys.jwks()),
      }),
      revocations: revocations ?? t.deps.revocations,
      log: pino({ level: 'silent' }),
    });
    cleanup.push(async () => {
      await node.close();
      await revocations?.close();
    });
    return node;
  };
  const sync = await startNode();

  return {
    t,
    sync,
    async syncToken(accessToken, bookId) {
      const res = await t.request('POST', '/api/sync-tokens', { token: accessToken, body: { bookId } });
      expect(res.status).toBe(201);
      return res.body.token as string;
    },
    open(docName, token) {
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
    },
    startNode,
    closeOf(docName, token, node = sync) {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`${node.url}/${docName}?token=${encodeURIComponent(token)}&v=1`);
        ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
        ws.on('error', reject);
      });
    },
    async close() {
      for (const f of cleanup.reverse()) await f();
      await t.close();
    },
  };
}
