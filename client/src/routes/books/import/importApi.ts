import {
  IMPORT_MAX_BYTES,
  type ImportCreateRequest,
  type ImportFormat,
  ImportJobSchema,
  ImportUploadResponseSchema,
  type NewBookImportRequest,
} from '@galley/shared/api/imports';
import { z } from 'zod';
import type { ApiClient } from '../../../api/apiClient.ts';
import { ApiError, networkError } from '../../../api/apiError.ts';
import { formatBytes } from '../../../api/media.ts';

const JobResponseSchema = z.object({ job: ImportJobSchema });

/** The import api's paths, each with the shared schema of its answer. */
export function importEndpoints(api: ApiClient) {
  const enc = encodeURIComponent;
  return {
    startUpload: (format: ImportFormat, bytes: number) =>
      api.request('POST', '/api/imports/uploads', {
        body: { format, bytes },
        schema: ImportUploadResponseSchema,
      }),
    intoBook: (bookId: string, body: ImportCreateRequest) =>
      api.request('POST', `/api/books/${enc(bookId)}/imports`, { body, schema: JobResponseSchema }),
    newBook: (body: NewBookImportRequest) =>
      api.request('POST', '/api/imports', { body, schema: JobResponseSchema }),
    get: (jobId: string) => api.request('GET', `/api/imports/${enc(jobId)}`, { schema: JobResponseSchema }),
  };
}
export type ImportEndpoints = ReturnType<typeof importEndpoints>;

/** The format a file is, by its name (browsers give .md files no reliable type); null when neither. */
export function formatOf(file: File): ImportFormat | null {
  if (/\.docx$/i.test(file.name)) return 'docx';
  if (/\.(md|markdown|txt)$/i.test(file.name)) return 'markdown';
  return null;
}

export const IMPORT_ACCEPT =
  '.docx,.md,.markdown,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/markdown';

/** What the browser can tell before uploading; the server checks the file again either way. */
export function precheckImportFile(file: File): ApiError | null {
  if (!formatOf(file)) {
    return new ApiError(
      400,
      'import_not_docx',
      `${file.name} is not a Word document (.docx) or Markdown (.md).`,
    );
  }
  if (file.size > IMPORT_MAX_BYTES) {
    return new ApiError(
      413,
      'import_too_large',
      `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(IMPORT_MAX_BYTES)}.`,
    );
  }
  if (file.size === 0) return new ApiError(400, 'import_empty', `${file.name} is empty.`);
  return null;
}

/** PUTs the file to a presigned URL (straight to storage); returns the upload's id for starting the import. */
export async function uploadImportFile(
  imports: ImportEndpoints,
  file: File,
): Promise<{ uploadId: string; format: ImportFormat }> {
  const early = precheckImportFile(file);
  if (early) throw early;
  const format = formatOf(file) as ImportFormat;
  const started = await imports.startUpload(format, file.size);
  // content-length is the browser's to send (it is signed, and it matches the file).
  const { 'content-length': _length, ...headers } = started.upload.headers;
  let put: Response;
  try {
    put = await fetch(started.upload.url, { method: 'PUT', headers, body: file });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!put.ok) throw new ApiError(put.status, 'upload_failed', 'The file could not be uploaded. Try again.');
  return { uploadId: started.uploadId, format };
}
