import { closeDeps, createDeps } from './deps.ts';
import { loadApiEnv } from './env.ts';
import { startServer } from './server.ts';

/** Entry point of the api service in production (ECS) and of `npm run start -w api`. */
const env = loadApiEnv();
const deps = await createDeps(env);
const server = await startServer(deps);
deps.log.info({ url: server.url }, 'api listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.log.info({ signal }, 'shutting down');
  await server.close().catch((error) => deps.log.error({ err: error }, 'close failed'));
  await closeDeps(deps);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
