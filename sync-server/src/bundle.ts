import { build } from 'esbuild';

/**
 * The sync server as it is deployed: one ESM file per entry point, every dependency inside, run by
 * plain `node`. Running through tsx costs a loader thread and the transform of every module at start
 * (bench: 130 MiB idle under tsx, 92 MiB bundled), and a container needs no node_modules with it.
 */
export const BUNDLE_ENTRIES = {
  main: 'src/main.ts',
  benchServer: 'src/bench/benchServer.ts',
} as const;

export async function bundleSyncServer(outdir: string): Promise<void> {
  await build({
    absWorkingDir: new URL('..', import.meta.url).pathname,
    entryPoints: BUNDLE_ENTRIES,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Some dependencies are CommonJS and call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __galleyRequire } from 'node:module'; const require = __galleyRequire(import.meta.url);",
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outdir = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
  await bundleSyncServer(outdir);
  console.log(`sync server bundled into ${outdir}`);
}
