import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { SyncCloseCode } from '@galley/shared/sync/closeCodes';
import { parsePresenceDocName } from '@galley/shared/sync/presence';
import { parseDocName, SYNC_PROTOCOL_VERSION } from '@galley/shared/sync/protocol';
import { syncTokenCovers } from '@galley/shared/sync/syncToken';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { SyncTokenVerifier, TokenVerdict, VerifiedSyncToken } from './auth/tokenVerifier.ts';
import type { Fanout } from './fanout/fanout.ts';
import { observeFanoutLag } from './fanout/fanoutLag.ts';
import { createSyncLogger, type SyncLogger } from './observability/logger.ts';
import { createSyncMetrics, type SyncMetrics } from './observability/metrics.ts';
import { mayReadMetrics } from './observability/metricsAccess.ts';
import type { AccessRevocation, AccessRevocations } from './revocation/accessRevocations.ts';
import { RevocationMemory, revocationMatches } from './revocation/revocationMemory.ts';
import type { DocRoom } from './room/docRoom.ts';
import { PresenceRegistry } from './room/presenceRegistry.ts';
import { PresenceRoom } from './room/presenceRoom.ts';
import { RoomRegistry } from './room/roomRegistry.ts';
import { type Connection, newConnection, type SyncSocket } from './room/syncSocket.ts';
import type { DocStorage } from './storage/docStorage.ts';
import { TurnCorker } from './transport/turnCorker.ts';

export interface SyncServerOptions {
  storage: DocStorage;
  verifyToken: SyncTokenVerifier;
  /** Other nodes (Redis pub/sub); absent = one node alone. */
  fanout?: Fanout;
  /** 0 = any free port. */
  port?: number;
  host?: string;
  log?: SyncLogger;
  metrics?: SyncMetrics;
  /** Bearer token a scrape of /metrics must carry; unset = loopback peers only (see metricsAccess.ts). */
  metricsToken?: string;
  maxMessageBytes?: number;
  maxBufferedBytes?: number;
  maxMessagesPerSecond?: number;
  /** Open sockets per user on this node (one per open chapter, plus reconnect overlap). */
  maxConnectionsPerUser?: number;
  heartbeatMs?: number;
  idleUnloadMs?: number;
  snapshotEveryEntries?: number;
  snapshotEveryBytes?: number;
  /** Group commit interval per document (see RoomOptions.persistIntervalMs). */
  persistIntervalMs?: number;
  shutdownTimeoutMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Where the api announces access it took away; the caller owns (and closes) it. */
  revocations?: AccessRevocations;
  /** How long a revocation refuses older tokens: the longest sync token lifetime. */
  revocationMemoryMs?: number;
}

export interface RunningSyncServer {
  port: number;
  /** `ws://host:port/sync`: append `/<docName>?token=…`. */
  url: string;
  metrics: SyncMetrics;
  /** Graceful: stops accepting, persists every document, closes clients with 4503. */
  close(): Promise<void>;
}

interface ClientState {
  conn: Connection;
  bookId: string;
  /** The api session whose token this connection holds (the latest renewal's); absent in older tokens. */
  sessionId: string | undefined;
  room: DocRoom | PresenceRoom | null;
  queued: Uint8Array[];
  alive: boolean;
  windowStart: number;
  windowMessages: number;
  expiryTimer: NodeJS.Timeout | null;
}

/**
 * The only module that knows `ws`: HTTP endpoints (/health, /ready, /metrics), the WebSocket upgrade at
 * `/sync/<docName>?token=…&v=…`, limits, heartbeats, token renewal and graceful shutdown. Everything
 * about documents is in room/; everything about bytes on the wire in protocol/.
 */
export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const log = options.log ?? createSyncLogger('info');
  const metrics = options.metrics ?? createSyncMetrics();
  const maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
  const maxBufferedBytes = options.maxBufferedBytes ?? 16 * 1024 * 1024;
  const maxMessagesPerSecond = options.maxMessagesPerSecond ?? 1000;
  const maxConnectionsPerUser = options.maxConnectionsPerUser ?? 50;
  const connectionsPerUser = new Map<string, number>();
  const fanout = options.fanout ? observeFanoutLag(options.fanout, metrics.fanoutLag) : undefined;
  const registry = new RoomRegistry({
    storage: options.storage,
    metrics,
    log,
    maxMessageBytes,
    snapshotEveryEntries: options.snapshotEveryEntries ?? 500,
    snapshotEveryBytes: options.snapshotEveryBytes ?? 4 * 1024 * 1024,
    persistIntervalMs: options.persistIntervalMs ?? 500,
    retryInitialMs: options.retryInitialMs ?? 100,
    retryMaxMs: options.retryMaxMs ?? 5000,
    idleUnloadMs: options.idleUnloadMs ?? 30_000,
    ...(fanout ? { fanout } : {}),
  });
  // Book presence channels (`book/<id>/presence`): awareness only, never stored. See room/presenceRoom.ts.
  const presence = new PresenceRegistry({
    metrics,
    log,
    maxMessageBytes,
    idleUnloadMs: options.idleUnloadMs ?? 30_000,
    ...(fanout ? { fanout } : {}),
  });
  const joinRoom = (name: string, conn: Connection): Promise<DocRoom | PresenceRoom> =>
    parsePresenceDocName(name) ? presence.join(name, conn) : registry.join(name, conn);
  const leaveRoom = (room: DocRoom | PresenceRoom, conn: Connection): void =>
    room instanceof PresenceRoom ? presence.leave(room, conn) : registry.leave(room, conn);
  await fanout?.ready();
  const clients = new Map<WebSocket, ClientState>();
  let shuttingDown = false;
  const revoked = new RevocationMemory(options.revocationMemoryMs ?? 3_600_000);
  // 4401, not 4403: the access may have been lowered rather than removed (a publisher taken off a book
  // may still read it), and only the api knows what is left. The client asks it for a fresh token: it
  // gets one with the new access, or a 404 and stops. Tokens issued before `at` stay refused meanwhile.
  // An account-level revocation (no book: platform roles lowered, every session ended) closes all of
  // that person's connections the same way; a session that was ended gets a 401 there and signs out.
  // A session revocation (logout, one session revoked) closes only the connections of that session.
  const onRevocation = (revocation: AccessRevocation) => {
    revoked.remember(revocation);
    for (const [ws, state] of clients) {
      if (!revocationMatches(revocation, state.conn.userId, state.bookId, state.sessionId)) continue;
      log.info(
        { user: state.conn.userId, book: state.bookId, session: state.sessionId },
        'access revoked: closing connection',
      );
      closeWith(ws, SyncCloseCode.unauthenticated, 'access_revoked');
    }
  };
  const stopRevocations = await options.revocations?.subscribe(onRevocation);
  const isRevoked = (token: VerifiedSyncToken) =>
    revoked.revokes(token.claims.sub, token.claims.book, token.issuedAt, token.claims.sid);

  const http = createServer((req, res) => void serveHttp(req, res));
  // Frames a turn sends to one client leave in one write (see TurnCorker).
  const corker = new TurnCorker();
  // ws closes frames above maxPayload itself (1009); ours is twice the limit so that the limit proper
  // is enforced by the parser with our own close code, while memory stays bounded.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes * 2,
    perMessageDeflate: false,
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') return json(res, 200, { status: 'ok' });
    if (path === '/ready') return json(res, shuttingDown ? 503 : 200, { ready: !shuttingDown });
    if (path === '/metrics') {
      if (!mayReadMetrics(options.metricsToken, req.headers.authorization, req.socket.remoteAddress)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return json(res, 401, {
          error: { code: 'unauthenticated', message: 'Metrics need a bearer token.' },
        });
      }
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    json(res, 404, { error: { code: 'not_found', message: 'Not found.' } });
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void upgrade(req, socket, head).catch((error) => {
      log.error({ err: error }, 'upgrade failed');
      socket.destroy();
    });
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sync.invalid');
    if (!url.pathname.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Verified before the handshake completes; failures are still reported as close codes after it,
    // because a browser's WebSocket shows a refused handshake only as an anonymous error.
    const docName = decodeURIComponent(url.pathname.slice('/sync/'.length));
    const verdict: TokenVerdict = shuttingDown
      ? { ok: false, code: SyncCloseCode.shuttingDown, reason: 'shutting_down' }
      : await admit(docName, url.searchParams);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!verdict.ok) {
        closeWith(ws, verdict.code, verdict.reason);
        return;
      }
      accept(ws, socket, docName, verdict.token);
    });
  }

  async function admit(docName: string, params: URLSearchParams): Promise<TokenVerdict> {
    const version = params.get('v');
    if (version !== null && version !== String(SYNC_PROTOCOL_VERSION)) {
      return { ok: false, code: SyncCloseCode.badRequest, reason: 'protocol_version' };
    }
    const doc = parseDocName(docName) ?? parsePresenceDocName(docName);
    if (!doc) return { ok: false, code: SyncCloseCode.badRequest, reason: 'bad_document_name' };
    const verdict = await options.verifyToken(params.get('token') ?? '');
    if (!verdict.ok) return verdict;
    if (verdict.token.claims.book !== doc.bookId || !syncTokenCovers(verdict.token.claims, docName)) {
      return { ok: false, code: SyncCloseCode.forbidden, reason: 'document_not_in_token' };
    }
    if (isRevoked(verdict.token)) {
      return { ok: false, code: SyncCloseCode.unauthenticated, reason: 'access_revoked' };
    }
    return verdict;
  }

  function accept(ws: WebSocket, stream: Duplex, docName: string, token: VerifiedSyncToken): void {
    const userId = token.claims.sub;
    // A revocation may have arrived while the token was being verified.
    if (isRevoked(token)) {
      closeWith(ws, SyncCloseCode.unauthenticated, 'access_revoked');
      return;
    }
    const open = connectionsPerUser.get(userId) ?? 0;
    if (open >= maxConnectionsPerUser) {
      closeWith(ws, SyncCloseCode.rateLimited, 'too_many_connections');
      return;
    }
    connectionsPerUser.set(userId, open + 1);
    const socket: SyncSocket = {
      send: (frame) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > maxBufferedBytes) {
          closeWith(ws, SyncCloseCode.rateLimited, 'slow_consumer');
          setTimeout(() => ws.terminate(), 2000).unref();
          return;
        }
        corker.hold(stream);
        ws.send(frame);
      },
      close: (code, reason) => closeWith(ws, code, reason),
      isOpen: () => ws.readyState === WebSocket.OPEN,
    };
    const state: ClientState = {
      conn: newConnection(socket, token.claims.sub, token.claims.access),
      bookId: token.claims.book,
      sessionId: token.claims.sid,
      room: null,
      queued: [],
      alive: true,
      windowStart: Date.now(),
      windowMessages: 0,
      expiryTimer: null,
    };
    clients.set(ws, state);
    metrics.connections.inc();
    const holder = { claims: token.claims };
    armExpiry(ws, state, token.expiresAt);
    state.conn.renewToken = (fresh) => {
      void options.verifyToken(fresh).then((verdict) => {
        if (!verdict.ok) return closeWith(ws, verdict.code, verdict.reason);
        const { claims } = verdict.token;
        if (claims.sub !== holder.claims.sub || claims.book !== holder.claims.book) {
          return closeWith(ws, SyncCloseCode.forbidden, 'token_for_another_session');
        }
        if (isRevoked(verdict.token)) return closeWith(ws, SyncCloseCode.unauthenticated, 'access_revoked');
        holder.claims = claims;
        state.conn.access = claims.access;
        state.sessionId = claims.sid;
        armExpiry(ws, state, verdict.token.expiresAt);
      });
    };

    ws.on('message', (data: RawData) => {
      if (!allowMessage(state)) return closeWith(ws, SyncCloseCode.rateLimited, 'rate_limited');
      const bytes = toBytes(data);
      if (state.room) state.room.receive(state.conn, bytes);
      else state.queued.push(bytes);
    });
    ws.on('pong', () => {
      state.alive = true;
    });
    ws.on('error', (error) => log.debug({ err: error, doc: docName }, 'socket error'));
    ws.on('close', (code: number, reason: Buffer) => {
      log.debug({ doc: docName, user: userId, code, reason: reason.toString() }, 'client left');
      const left = (connectionsPerUser.get(userId) ?? 1) - 1;
      if (left > 0) connectionsPerUser.set(userId, left);
      else connectionsPerUser.delete(userId);
      clients.delete(ws);
      metrics.connections.dec();
      if (state.expiryTimer) clearTimeout(state.expiryTimer);
      if (state.room) leaveRoom(state.room, state.conn);
    });

    joinRoom(docName, state.conn).then(
      (room) => {
        if (ws.readyState !== WebSocket.OPEN) return leaveRoom(room, state.conn);
        state.room = room;
        for (const bytes of state.queued.splice(0)) room.receive(state.conn, bytes);
        log.debug({ doc: docName, user: token.claims.sub }, 'client joined');
      },
      (error) => {
        log.error({ err: error, doc: docName }, 'document load failed');
        closeWith(ws, SyncCloseCode.internalError, 'load_failed');
      },
    );
  }

  function armExpiry(ws: WebSocket, state: ClientState, expiresAt: number): void {
    if (state.expiryTimer) clearTimeout(state.expiryTimer);
    const delay = Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1));
    state.expiryTimer = setTimeout(() => closeWith(ws, SyncCloseCode.tokenExpired, 'token_expired'), delay);
    state.expiryTimer.unref();
  }

  function allowMessage(state: ClientState): boolean {
    const at = Date.now();
    if (at - state.windowStart >= 1000) {
      state.windowStart = at;
      state.windowMessages = 0;
    }
    state.windowMessages += 1;
    return state.windowMessages <= maxMessagesPerSecond;
  }

  function closeWith(ws: WebSocket, code: number, reason: string): void {
    if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
    metrics.closes.inc({ code: String(code) });
    ws.close(code, reason);
  }

  // Heartbeats: a socket that missed a whole interval without answering our ping is dead (a laptop lid
  // closed, a NAT that forgot us); terminating it frees the room and its awareness entry.
  const heartbeat = setInterval(() => {
    for (const [ws, state] of clients) {
      if (!state.alive) {
        ws.terminate();
        continue;
      }
      state.alive = false;
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = options.host ?? '127.0.0.1';
  log.info({ port }, 'sync server listening');

  return {
    port,
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}/sync`,
    metrics,
    async close() {
      if (shuttingDown) return;
      shuttingDown = true;
      clearInterval(heartbeat);
      stopRevocations?.();
      const persisted = Promise.all([
        registry.closeAll(SyncCloseCode.shuttingDown, 'shutting_down'),
        presence.closeAll(),
      ]);
      const timeout = options.shutdownTimeoutMs ?? 10_000;
      const finished = await Promise.race([
        persisted.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), timeout).unref()),
      ]);
      if (!finished) log.error('shutdown timed out before storage confirmed every update');
      const open = [...clients.keys()];
      for (const ws of open) closeWith(ws, SyncCloseCode.shuttingDown, 'shutting_down');
      // Give close frames a moment to reach the clients (so they see 4503 and not 1006), then cut.
      await Promise.race([
        Promise.all(
          open.map(
            (ws) => new Promise((r) => (ws.readyState === WebSocket.CLOSED ? r(null) : ws.once('close', r))),
          ),
        ),
        new Promise((r) => setTimeout(r, 1000).unref()),
      ]);
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
      await fanout?.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
