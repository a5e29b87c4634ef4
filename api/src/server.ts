import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { AppDeps } from './deps.ts';
import type { App } from './http/appEnv.ts';
import { serveClient } from './http/staticClient.ts';
import { proxyUpgrade } from './http/syncProxy.ts';
import { startBooksPurgeSchedule } from './purge/booksPurgeRun.ts';
import { registerDevMailRoutes } from './routes/system/devMail.routes.ts';
import { searchServiceFor } from './search/searchService.ts';
import { subscribeAutomaticVersions } from './versions/automaticVersions.ts';

export interface RunningServer {
  url: string;
  port: number;
  app: App;
  close(): Promise<void>;
}

/**
 * The one HTTP entry point: the api under /api, /metrics, the built client for every other path, and
 * (when the sync server is configured) WebSocket upgrades on /sync. One origin, so the client needs no
 * CORS and the service worker can cache everything it serves.
 */
export async function startServer(deps: AppDeps): Promise<RunningServer> {
  const { env } = deps;
  const app = createApp(deps, (app) => {
    if (env.DEV_MAILBOX_DIR && env.NODE_ENV !== 'production') registerDevMailRoutes(app, env.DEV_MAILBOX_DIR);
    if (env.CLIENT_DIST_DIR) app.use('*', serveClient(env.CLIENT_DIST_DIR));
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, ...(env.HOST ? { hostname: env.HOST } : {}) }, () =>
      resolve(s as Server),
    );
  });
  // WebSocket upgrades on /sync go to the sync server; without one configured they are refused
  // plainly rather than left hanging.
  // Upgraded sockets leave the HTTP server's bookkeeping, so we track them to close them on shutdown.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    const isSync = /^\/sync(\/|\?|$)/.test(req.url ?? '');
    if (isSync && env.SYNC_SERVER_URL) {
      upgraded.add(socket);
      socket.once('close', () => upgraded.delete(socket));
      return proxyUpgrade(req, socket, head, env.SYNC_SERVER_URL);
    }
    const status = isSync ? '503 Service Unavailable' : '404 Not Found';
    // An upgraded socket is paused, so it would never notice the peer leaving: destroy it once the
    // answer is flushed, or server.close() waits for it forever.
    socket.on('error', () => {});
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
      socket.destroy(),
    );
  });
  server.keepAliveTimeout = 65_000;
  // Every node runs the purge of old binned books; its lease lets one work at a time. Tests run it
  // themselves, with a clock of their own.
  const stopPurge =
    env.BOOKS_PURGE_INTERVAL_MS > 0 && env.NODE_ENV !== 'test'
      ? startBooksPurgeSchedule(deps, env.BOOKS_PURGE_INTERVAL_MS)
      : async () => {};
  // The outbox dispatcher runs while the server does: it publishes what this and other nodes commit.
  deps.events.start();
  // Every workflow transition takes a version of the whole book; any node may take it.
  const automaticVersions = subscribeAutomaticVersions(deps);
  // Search answers from its snapshot as soon as it is loaded; the indexing node catches up behind it.
  const search = searchServiceFor(deps);
  search.start().catch((error: unknown) => deps.log.error({ err: error }, 'search did not start'));
  const port = (server.address() as AddressInfo).port;
  const host = env.HOST && env.HOST !== '0.0.0.0' && env.HOST !== '::' ? env.HOST : 'localhost';
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    close: async () => {
      await stopPurge();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      });
      await search.stop();
      await automaticVersions.stop();
      await deps.events.stop();
    },
  };
}
