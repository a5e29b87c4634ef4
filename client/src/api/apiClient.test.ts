import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { User } from '@galley/shared/api/auth';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient } from './apiClient.ts';
import { ApiError } from './apiError.ts';
import { memorySessionStore, type SessionStore } from './sessionStore.ts';

let counter = 0;
function buildUser(overrides: Partial<User> = {}): User {
  counter += 1;
  return {
    id: `user-${counter}-${Math.random().toString(36).slice(2, 10)}`,
    email: `client-test-${counter}@example.com`,
    emailVerified: true,
    displayName: 'Client Test',
    roles: ['author'],
    mfaEnabled: false,
    profile: { bio: '', avatarUrl: null, locale: 'en', timeZone: 'UTC' },
    preferences: { theme: 'system', editorFont: 'serif', notifications: {} },
    createdAt: new Date(0).toISOString(),
    ...overrides,
  };
}

/**
 * A small stand-in for the api's token endpoints, speaking real HTTP: access tokens expire when a new
 * one is issued, refresh tokens rotate and a reused one is refused (as the real api does).
 */
class FakeAuthServer {
  server: Server;
  url = '';
  refreshCalls = 0;
  protectedCalls = 0;
  liveAccess = 'access-0';
  liveRefresh = 'refresh-0';
  refuseRefresh = false;
  revokeSession = false;
  /** Holds each refresh answer until this many calls were turned away with token_expired. */
  holdRefreshUntilExpired = 0;
  private expiredAnswered = 0;
  private waiters: Array<() => void> = [];

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  expireAccessToken(): void {
    this.liveAccess = `access-expired-${Math.random()}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const send = (status: number, json?: unknown) => {
      res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const fail = (status: number, code: string, message = code) => send(status, { error: { code, message } });

    if (req.url === '/api/auth/refresh' && req.method === 'POST') {
      this.refreshCalls += 1;
      while (this.expiredAnswered < this.holdRefreshUntilExpired) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
      if (this.refuseRefresh || body?.refreshToken !== this.liveRefresh) {
        return fail(401, 'refresh_token_reused', 'This refresh token was already used.');
      }
      this.liveAccess = `access-${this.refreshCalls}`;
      this.liveRefresh = `refresh-${this.refreshCalls}`;
      return send(200, { accessToken: this.liveAccess, refreshToken: this.liveRefresh, expiresIn: 900 });
    }
    if (req.url === '/api/auth/logout' && req.method === 'POST') return send(204);
    if (req.url === '/api/thing') {
      this.protectedCalls += 1;
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (!token) return fail(401, 'unauthenticated');
      if (this.revokeSession) return fail(401, 'session_revoked', 'This session was signed out.');
      if (token !== this.liveAccess) {
        send(401, { error: { code: 'token_expired', message: 'The token has expired.' } });
        this.expiredAnswered += 1;
        for (const wake of this.waiters.splice(0)) wake();
        return;
      }
      return send(200, { value: 42, token });
    }
    if (req.url === '/api/invalid') {
      return send(400, {
        error: {
          code: 'validation_failed',
          message: 'email: Invalid email address',
          details: { issues: [{ path: 'email', message: 'Invalid email address' }] },
        },
      });
    }
    if (req.url === '/api/wrong-shape') return send(200, { value: 'not a number' });
    fail(404, 'not_found');
  }
}

const ThingSchema = z.object({ value: z.number(), token: z.string() });
const servers: FakeAuthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function setup(options: { signedIn?: boolean } = {}) {
  const server = await new FakeAuthServer().start();
  servers.push(server);
  const store: SessionStore = memorySessionStore();
  const client = new ApiClient({ store, baseUrl: server.url });
  const events: string[] = [];
  client.subscribe((event) =>
    events.push(event.type === 'signed-out' && event.byUser ? 'signed-out-by-user' : event.type),
  );
  const user = buildUser();
  if (options.signedIn ?? true) {
    await client.startSession({
      accessToken: server.liveAccess,
      refreshToken: server.liveRefresh,
      expiresIn: 900,
      user,
    });
  }
  return { server, store, client, events, user };
}

describe('ApiClient', () => {
  it('sends the access token and parses the body with the schema', async () => {
    const { server, client } = await setup();
    const thing = await client.request('GET', '/api/thing', { schema: ThingSchema });
    expect(thing).toEqual({ value: 42, token: server.liveAccess });
    expect(server.refreshCalls).toBe(0);
  });

  it('refreshes once for many calls that find the token expired together, then retries them all', async () => {
    const { server, client, store } = await setup();
    server.expireAccessToken();
    server.holdRefreshUntilExpired = 5;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.request('GET', '/api/thing', { schema: ThingSchema })),
    );
    expect(server.refreshCalls).toBe(1);
    expect(results.map((r) => r.token)).toEqual(Array(5).fill('access-1'));
    // The rotated refresh token replaced the old one: using the old one again would be refused as reuse.
    expect((await store.load())?.refreshToken).toBe('refresh-1');
    expect(server.protectedCalls).toBe(10);
  });

  it('after a reload (no access token in memory) trades the stored refresh token once for all callers', async () => {
    const { server, store, user } = await setup({ signedIn: false });
    await store.save({ refreshToken: server.liveRefresh, user });
    const reloaded = new ApiClient({ store, baseUrl: server.url });
    const results = await Promise.all(
      Array.from({ length: 3 }, () => reloaded.request('GET', '/api/thing', { schema: ThingSchema })),
    );
    expect(server.refreshCalls).toBe(1);
    expect(results.every((r) => r.value === 42)).toBe(true);
    expect(server.protectedCalls).toBe(3);
  });

  it('signs out when the api refuses the refresh, once, and clears the stored session', async () => {
    const { server, client, store, events } = await setup();
    server.expireAccessToken();
    server.refuseRefresh = true;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 3 }, () => client.request('GET', '/api/thing', { schema: ThingSchema })),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as ApiError;
      expect(reason).toBeInstanceOf(ApiError);
      expect(reason.code).toBe('unauthenticated');
    }
    expect(server.refreshCalls).toBe(1);
    expect(await store.load()).toBeNull();
    expect(events.filter((e) => e === 'signed-out')).toHaveLength(1);
  });

  it('keeps the session when the refresh cannot reach the server (offline is not signed out)', async () => {
    const { server, store, user, events } = await setup({ signedIn: false });
    await store.save({ refreshToken: 'refresh-0', user });
    const url = server.url;
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const offline = new ApiClient({ store, baseUrl: url });
    const error = await offline
      .request('GET', '/api/thing', { schema: ThingSchema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).isNetworkError).toBe(true);
    expect((await store.load())?.refreshToken).toBe('refresh-0');
    expect(events).not.toContain('signed-out');
  });

  it('signs out at once when the api says the session was revoked', async () => {
    const { server, client, store, events } = await setup();
    server.revokeSession = true;
    const error = (await client
      .request('GET', '/api/thing', { schema: ThingSchema })
      .catch((e) => e)) as ApiError;
    expect(error.code).toBe('session_revoked');
    expect(server.refreshCalls).toBe(0);
    expect(await store.load()).toBeNull();
    expect(events).toContain('signed-out');
  });

  it('turns api errors into ApiError with field issues', async () => {
    const { client } = await setup();
    const error = (await client
      .request('POST', '/api/invalid', { body: { email: 'x' } })
      .catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.fieldMessage('email')).toBe('Invalid email address');
  });

  it('rejects a success body that does not match the shared schema', async () => {
    const { client } = await setup();
    const error = (await client
      .request('GET', '/api/wrong-shape', { schema: ThingSchema })
      .catch((e) => e)) as ApiError;
    expect(error.code).toBe('bad_response');
  });

  it('sign out tells the server and forgets the session even if the server is gone', async () => {
    const { server, client, store, events } = await setup();
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    await client.signOut();
    expect(await store.load()).toBeNull();
    expect(events).toEqual(['signed-in', 'signed-out-by-user']);
  });
});
