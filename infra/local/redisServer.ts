import { createConnection } from 'node:net';
import { spawnUntilReady, stopChild } from './childProcess.ts';
import { freePort } from './freePort.ts';

/** Whether something accepts TCP connections at the url's host and port (cheap; no Redis client needed). */
function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * A real redis-server for the tests: the one at `url` if it answers (the machine's, or REDIS_URL),
 * otherwise our own on a free port, in memory, stopped with `stop()`.
 */
export async function ensureRedis(url: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (await answers(url)) return { url, stop: async () => {} };
  const port = await freePort();
  const { child } = await spawnUntilReady(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
    { name: 'redis-server' },
  );
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
