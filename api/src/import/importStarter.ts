import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  IMPORT_CONTENT_TYPES,
  IMPORT_MAX_BYTES,
  type ImportFormat,
  type ImportUploadRequest,
  type ImportUploadResponse,
} from '@galley/shared/api/imports';
import { ErrorCode } from '@galley/shared/errors';
import { ulid } from 'ulid';
import type { AppDeps } from '../deps.ts';
import { ConflictError } from '../errors.ts';
import type { AuthContext } from '../http/appEnv.ts';
import { deleteObjectsQuietly, readStagedUpload } from '../media/mediaObjects.ts';
import { presignObjectUrl } from '../media/presignedUrls.ts';
import { checkDocxZip } from './docxZipCheck.ts';
import { ImportRejectedError } from './importErrors.ts';
import { type ImportJobRecord, putNewImportJob, updateUnfinishedImportJob } from './importJobsRepo.ts';
import { IMPORT_LEASE_MS, importRunnerFor } from './importRunner.ts';
import { decodeMarkdownText } from './markdownText.ts';

/** Long enough for 20 MB on a slow line (S3 checks expiry when the PUT starts), short enough to leak little. */
const UPLOAD_URL_TTL_SECONDS = 10 * 60;

/**
 * Where an upload lands (per user, so nobody can start an import of someone else's file) and where
 * the checked copy waits for its job. Both are under `uploads/`, which the media bucket's lifecycle
 * rule expires, so a file whose import never ran does not stay.
 */
export const importStagingKey = (userId: string, uploadId: string) => `uploads/imports/${userId}/${uploadId}`;
const sourceKey = (jobId: string) => `uploads/import-sources/${jobId}`;

/** Step one: a presigned PUT for exactly this file's type and length, to a key only this user's import reads. */
export async function startImportUpload(
  deps: AppDeps,
  auth: AuthContext,
  request: ImportUploadRequest,
  requestOrigin: string,
): Promise<ImportUploadResponse> {
  const uploadId = ulid();
  const headers = {
    'content-type': IMPORT_CONTENT_TYPES[request.format],
    'content-length': String(request.bytes),
  };
  const presigned = await presignObjectUrl(
    deps,
    {
      method: 'PUT',
      bucket: deps.env.S3_MEDIA_BUCKET,
      key: importStagingKey(auth.sub, uploadId),
      headers,
      expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
      requestOrigin,
    },
    new Date(deps.now()),
  );
  return { uploadId, upload: { url: presigned.url, method: 'PUT', headers }, expiresAt: presigned.expiresAt };
}

/**
 * Step two: reads the upload, refuses it with a 4xx when it is not a sound file of its format (and
 * deletes it), then queues the job. The job reads a copy of the checked bytes, not the upload (which the
 * presigned URL could still overwrite with something that was never checked).
 */
export async function startImport(
  deps: AppDeps,
  auth: AuthContext,
  request: { uploadId: string; format: ImportFormat; fileName?: string | undefined },
  target: { bookId: string } | { newBookTitle: string | null },
): Promise<ImportJobRecord> {
  const staged = importStagingKey(auth.sub, request.uploadId);
  const bytes = await readStagedUpload(deps, staged, IMPORT_MAX_BYTES);
  if (bytes === null) {
    throw new ImportRejectedError(
      ErrorCode.importUploadMissing,
      'Nothing was uploaded for this import yet (or it was used already).',
    );
  }
  try {
    if (bytes === 'too_large') {
      throw new ImportRejectedError(
        ErrorCode.importTooLarge,
        `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
        413,
      );
    }
    await checkFile(Buffer.from(bytes), request.format);
    const job = newJob(deps, auth, request, target);
    // The job first (conditionally): a second start of one upload must not overwrite the first's copy.
    if (!(await putNewImportJob(deps, job))) {
      throw new ConflictError('This upload was imported already; upload the file again.', ErrorCode.conflict);
    }
    try {
      await deps.s3.send(
        new PutObjectCommand({ Bucket: deps.env.S3_MEDIA_BUCKET, Key: job.sourceKey, Body: bytes }),
      );
    } catch (error) {
      const at = new Date(deps.now()).toISOString();
      const failure = { code: ErrorCode.importFailed, message: 'The file could not be stored; try again.' };
      await updateUnfinishedImportJob(deps, job.id, { status: 'failed', finishedAt: at, error: failure });
      throw error;
    }
    importRunnerFor(deps).enqueue(job, auth);
    return job;
  } finally {
    // Used once, whatever happened: a refused file is gone, an accepted one lives on as the job's copy.
    await deleteObjectsQuietly(deps, [staged]);
  }
}

async function checkFile(bytes: Buffer, format: ImportFormat): Promise<void> {
  if (format === 'docx') await checkDocxZip(bytes);
  else decodeMarkdownText(bytes);
}

function newJob(
  deps: AppDeps,
  auth: AuthContext,
  request: { uploadId: string; format: ImportFormat; fileName?: string | undefined },
  target: { bookId: string } | { newBookTitle: string | null },
): ImportJobRecord {
  const now = deps.now();
  const at = new Date(now).toISOString();
  const newBook = !('bookId' in target);
  return {
    id: request.uploadId,
    bookId: 'bookId' in target ? target.bookId : null,
    newBook,
    title: 'newBookTitle' in target ? target.newBookTitle : null,
    format: request.format,
    fileName: request.fileName ?? null,
    requestedBy: auth.sub,
    status: 'queued',
    progress: { percent: 0, step: 'Waiting to start' },
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    finishedAt: null,
    leaseUntil: new Date(now + IMPORT_LEASE_MS).toISOString(),
    sourceKey: sourceKey(request.uploadId),
    error: null,
    result: null,
  };
}
