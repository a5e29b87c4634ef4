import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportFormat } from '@galley/shared/api/imports';
import { ErrorCode } from '@galley/shared/errors';
import { ImportFailure } from './importErrors.ts';
import type { PreparedImport } from './importPreparer.ts';

/**
 * Heap a conversion may use. mammoth holds the document's XML as objects, about 35 times its size
 * (7 MB of document.xml peaked at 240 MB), so this fits the 20 MB of XML docxZipCheck.ts lets through.
 */
export const CONVERSION_HEAP_MB = 1024;

const ENTRY = new URL('./conversionWorker.ts', import.meta.url).href;
/**
 * A worker is a fresh thread without the TypeScript loader the api runs under, and Node 20 does not
 * pass `--import tsx` on to workers (tsx issue #354), so the worker registers tsx's ESM loader itself
 * before it imports its entry module. The loader's file comes from tsx's own exports table.
 */
function bootstrap(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exportsTable = JSON.parse(readFileSync(manifest, 'utf8')).exports as Record<
    string,
    { import: { default: string } }
  >;
  const api = pathToFileURL(join(dirname(manifest), exportsTable['./esm/api']!.import.default)).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); });`;
}
const BOOTSTRAP = bootstrap();

type WorkerAnswer =
  | { ok: true; prepared: PreparedImport }
  | { ok: false; code: string; message: string; detail: string };

/**
 * Converts a file in a worker thread. mammoth parses XML synchronously for seconds on a large book
 * (186,000 words: 3–4 s here), which on the api's own thread would stall every request this node
 * serves. The worker also has its own heap limit, so a file that needs more memory fails its import
 * instead of taking the api process down. `signal` stops the thread when the job gives up.
 */
export function prepareInWorker(
  bytes: Uint8Array,
  format: ImportFormat,
  untitled: string,
  options: { signal?: AbortSignal; log?: (detail: string) => void; heapMb?: number } = {},
): Promise<PreparedImport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { bytes, format, untitled },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? CONVERSION_HEAP_MB },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', stop);
      outcome();
      void worker.terminate();
    };
    const stop = () => settle(() => reject(options.signal?.reason ?? new Error('aborted')));
    options.signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => {
        if (answer.ok) return resolve(answer.prepared);
        if (answer.code === ErrorCode.importCorrupt) options.log?.(answer.detail);
        reject(new ImportFailure(answer.code, answer.message));
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportFailure(
                ErrorCode.importTooLarge,
                'The document needs more memory to convert than an import may use. Split it into parts.',
              )
            : error,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`The conversion thread stopped (exit code ${code}) without an answer.`))),
    );
  });
}
