import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { closeDeps, createDeps } from '@galley/api/deps';
import { startServer } from '@galley/api/server';
import { inject } from 'vitest';
import { buildTestEnv, prepareStorage, type TestAppOptions } from './testApp.ts';

export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * The real HTTP server (api + built client + dev mail page) on a free port, against the embedded
 * stack with a fresh table. For browser tests and anything that needs a socket.
 */
export async function startTestServer(
  options: TestAppOptions = {},
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  if (!options.env?.CLIENT_DIST_DIR && !existsSync(`${CLIENT_DIST}/index.html`)) {
    throw new Error('client/dist is missing: run `npm run build` first (npm test does it).');
  }
  const env = buildTestEnv({
    ...options,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      CLIENT_DIST_DIR: CLIENT_DIST,
      DEV_MAILBOX_DIR: inject('mailboxDir'),
      ...options.env,
    },
  });
  await prepareStorage(env);
  const deps = await createDeps(env);
  const server = await startServer(deps);
  return {
    url: server.url,
    port: server.port,
    async close() {
      await server.close();
      await closeDeps(deps);
    },
  };
}
