import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
    // Escapes non-ASCII characters in strings, regular expressions and names (see asciiOnly).
    charset: 'ascii',
    // Some dependencies are CommonJS and call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __galleyRequire } from 'node:module'; const require = __galleyRequire(import.meta.url);",
    },
  });
  for (const name of Object.keys(BUNDLE_ENTRIES)) await asciiOnly(join(outdir, `${name}.mjs`));
}

/**
 * V8 keeps a script's source for as long as the script lives, in one byte per character only when every
 * character fits in one: a single "→" in a comment made the 3.4 MB bundle a 6.8 MB two-byte string
 * (3 MiB of the idle server's RSS). esbuild's ASCII charset escapes code but keeps comments as written,
 * so what is left, only in comments, is escaped here; comment lines carry no code, so the source map's
 * positions still hold.
 */
async function asciiOnly(file: string): Promise<void> {
  const source = await readFile(file, 'utf8');
  const escaped = source.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (escaped !== source) await writeFile(file, escaped);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outdir = process.argv[2] ?? new URL('../dist', import.meta.url).pathname;
  await bundleSyncServer(outdir);
  console.log(`sync server bundled into ${outdir}`);
}
