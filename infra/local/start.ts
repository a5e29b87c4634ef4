import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDeps, createDeps } from '@galley/api/deps';
import { resealMfaSecrets } from '@galley/api/domain/mfaSecretsResealer';
import { loadApiEnv } from '@galley/api/env';
import { startServer } from '@galley/api/server';
import { prepareStorage } from '@galley/api/store/bootstrap';
import { parseSyncEnv } from '@galley/sync-server/env';
import { syncServerOptionsFromEnv } from '@galley/sync-server/main';
import { createInProcessAccessRevocations } from '@galley/sync-server/revocation/inProcessAccessRevocations';
import { startSyncServer } from '@galley/sync-server/server';
import { ensureClientBuilt } from './clientBuild.ts';
import { devMfaKeys } from './devMfaKeys.ts';
import { startEmbeddedStack } from './embeddedStack.ts';
import { freePort } from './freePort.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seedDemo.ts';

/**
 * `npm start`: the whole platform on one machine. DynamoDB Local and s3rver (children, data under
 * .galley-data/ so a restart keeps everything), an SMTP catcher, the demo seed, and the api serving the
 * built client at one URL. Ctrl-C stops every child; nothing is left running.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(process.env.GALLEY_DATA_DIR ?? join(root, '.galley-data'));
const say = (line: string) => process.stdout.write(`${line}\n`);

if (spawnSync('java', ['-version']).status !== 0) {
  say(
    'Galley needs Java 17 or newer on PATH for DynamoDB Local (e.g. `apt-get install -y openjdk-17-jre-headless`).',
  );
  process.exit(1);
}

const clientDist = ensureClientBuilt(root, say);
await mkdir(dataDir, { recursive: true });
say(`Starting the embedded stack (data in ${dataDir})…`);
const stack = await startEmbeddedStack({ dataDir, scratchDir: dataDir, ownProcessGroup: true });

let stopping = false;
const stopStack = async () => {
  await stack.stop().catch(() => {});
};
// A crash before the server is up must not leave Java or s3rver behind.
const crash = async (error: unknown) => {
  console.error(error);
  await stopStack();
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// The sync server verifies tokens against the api's JWKS, so it must know the api's port up front.
const apiPort = Number(process.env.PORT ?? 8080) || (await freePort());
const syncEnv = parseSyncEnv({
  ...process.env,
  SYNC_PORT: '0',
  SYNC_HOST: '127.0.0.1',
  DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? stack.dynamoEndpoint,
  S3_ENDPOINT: process.env.S3_ENDPOINT ?? stack.s3Endpoint,
  JWKS_URL: `http://127.0.0.1:${apiPort}/api/.well-known/jwks.json`,
});
const env = loadApiEnv({
  ...process.env,
  PORT: String(apiPort),
  DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? stack.dynamoEndpoint,
  S3_ENDPOINT: process.env.S3_ENDPOINT ?? stack.s3Endpoint,
  // Presigned media uploads go to /s3 at this same URL; the api checks and forwards them to s3rver.
  S3_PUBLIC_URL: process.env.S3_PUBLIC_URL ?? '/s3',
  SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
  SMTP_PORT: process.env.SMTP_PORT ?? String(stack.smtpPort),
  DEV_MAILBOX_DIR: process.env.DEV_MAILBOX_DIR ?? stack.mailboxDir,
  CLIENT_DIST_DIR: process.env.CLIENT_DIST_DIR ?? clientDist,
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${apiPort}`,
  MFA_ENCRYPTION_KEYS: process.env.MFA_ENCRYPTION_KEYS ?? (await devMfaKeys(dataDir)),
});
await prepareStorage(env, [syncEnv.S3_DOCS_BUCKET]);
// Without Redis the api tells the sync server about revoked access in process; with it, both use Redis.
const revocations = syncEnv.REDIS_URL ? undefined : createInProcessAccessRevocations();
const syncOptions = syncServerOptionsFromEnv(syncEnv, revocations ? { revocations } : {});
// In this process for the local demo; in AWS it is its own service behind the same /sync path.
const sync = await startSyncServer(syncOptions);
const deps = await createDeps(
  {
    ...env,
    SYNC_SERVER_URL: env.SYNC_SERVER_URL ?? `http://127.0.0.1:${sync.port}`,
  },
  revocations ? { revocations } : {},
);
const seeded = await seedDemo(deps);
// Data from before TOTP secrets were encrypted (e.g. the demo admin's enrolment) is sealed at once.
await resealMfaSecrets(deps);
const server = await startServer(deps);

say('');
say(`Galley is running at ${server.url}`);
say(`  API reference  ${server.url}/api/docs`);
say(`  Sent mail      ${server.url}/dev/mail`);
say(`  Sync           ${server.url.replace(/^http/, 'ws')}/sync (sync server on port ${sync.port})`);
say(`  Redis          ${env.REDIS_URL ? env.REDIS_URL : 'not set: one node, in-process rate limits'}`);
say(`Demo accounts (password ${DEMO_PASSWORD})${seeded ? '' : ' — already seeded'}:`);
for (const account of DEMO_ACCOUNTS) say(`  ${account.role.padEnd(10)} ${account.email}`);
say('Admins must turn on two-step verification (Account → Security) before using admin pages.');
say('Press Ctrl-C to stop.');

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping…`);
  await server.close().catch(() => {});
  // Persists every open document before the storage emulators go away.
  await sync.close().catch(() => {});
  await closeDeps(deps).catch(() => {});
  await syncOptions.revocations?.close().catch(() => {});
  await stopStack();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
