import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of any file under `dir` (skipping node_modules and dist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the client when client/dist is missing or older than the client, service worker or shared
 * sources, so `npm start` on a fresh clone works and a restart without changes starts at once.
 */
export function ensureClientBuilt(root: string, log: (line: string) => void): string {
  const dist = join(root, 'client', 'dist');
  if (isFresh(root, dist)) return dist;
  // Test files run in parallel processes: one builds while the others wait, so no page is ever served
  // from a dist folder that another build is rewriting.
  const lock = join(root, 'client', '.build-lock');
  withLock(lock, () => {
    if (isFresh(root, dist)) return;
    log('Building the client (first start or sources changed)…');
    // Always a production build: under vitest NODE_ENV is "test", which would bundle React's dev runtime.
    const result = spawnSync('npm', ['run', 'build', '-w', 'client'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (result.status !== 0) throw new Error('The client build failed; see the output above.');
  });
  return dist;
}

function isFresh(root: string, dist: string): boolean {
  const built = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const sources = Math.max(...['client', 'service-worker', 'shared'].map((d) => newestMtime(join(root, d))));
  return built > sources;
}

/** A build takes well under this; a lock older than it was left by a killed process. */
const STALE_LOCK_MS = 10 * 60_000;

function withLock(lock: string, task: () => void): void {
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > STALE_LOCK_MS || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    task();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
