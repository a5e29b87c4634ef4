import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bundleSyncServer } from './bundle.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('the deployable bundle', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('runs with plain node, outside the repository, serves /ready and stops cleanly on SIGTERM', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'galley-sync-bundle-'));
    dirs.push(outdir);
    await bundleSyncServer(outdir);
    // One byte per character, so V8 holds the source at half the size (see bundle.ts).
    for (const entry of ['main.mjs', 'benchServer.mjs']) {
      expect(/[\u0080-\uffff]/.test(await readFile(join(outdir, entry), 'utf8'))).toBe(false);
    }
    const port = await freePort();
    // cwd outside the checkout: the bundle must not need node_modules beside it.
    const child = spawn(process.execPath, [join(outdir, 'main.mjs')], {
      cwd: outdir,
      env: { PATH: process.env.PATH, SYNC_STORAGE: 'memory', SYNC_PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await vi.waitFor(
        async () => {
          const ready = await fetch(`http://127.0.0.1:${port}/ready`);
          expect(await ready.json()).toEqual({ ready: true });
        },
        { timeout: 20_000, interval: 100 },
      );
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, output).toBe(0);
  });
});
