import { parentPort, workerData } from 'node:worker_threads';
import type { ImportFormat } from '@galley/shared/api/imports';
import { ErrorCode } from '@galley/shared/errors';
import { AppError } from '../errors.ts';
import { ImportFailure } from './importErrors.ts';
import { prepareImport } from './importPreparer.ts';

/**
 * The body of the conversion thread (see conversionThread.ts): converts one file and posts back the
 * prepared import, or the failure's code and message. It only runs as a worker's entry module.
 */
const input = workerData as { bytes: Uint8Array; format: ImportFormat; untitled: string };

try {
  const prepared = await prepareImport(Buffer.from(input.bytes), input.format, input.untitled);
  parentPort?.postMessage({ ok: true, prepared });
} catch (error) {
  const known = error instanceof ImportFailure || error instanceof AppError;
  parentPort?.postMessage({
    ok: false,
    code: known ? error.code : ErrorCode.importCorrupt,
    message: known ? error.message : 'The file could not be converted; it may be damaged.',
    detail: error instanceof Error ? error.stack : String(error),
  });
}
