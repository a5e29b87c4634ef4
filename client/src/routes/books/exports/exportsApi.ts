import { pageOf } from '@galley/shared/api/common';
import { ExportJobSchema } from '@galley/shared/api/exports';
import { z } from 'zod';
import type { ApiClient } from '../../../api/apiClient.ts';

const JobResponseSchema = z.object({ job: ExportJobSchema });
const ExportPageSchema = pageOf(ExportJobSchema);

/** How many earlier exports one "More" brings. */
export const EXPORTS_PAGE_SIZE = 10;

/** The exports api's paths, each with the shared schema of its answer. */
export function exportEndpoints(api: ApiClient) {
  const enc = encodeURIComponent;
  return {
    /**
     * Starts an EPUB export of the book as it is now, or of a named version as it was saved; or answers
     * with the export of the same text already under way.
     */
    start: (bookId: string, versionId?: string) =>
      api.request('POST', `/api/books/${enc(bookId)}/exports`, {
        body: versionId ? { format: 'epub', versionId } : { format: 'epub' },
        schema: JobResponseSchema,
      }),
    get: (jobId: string) => api.request('GET', `/api/exports/${enc(jobId)}`, { schema: JobResponseSchema }),
    list: (bookId: string, cursor: string | null) =>
      api.request('GET', `/api/books/${enc(bookId)}/exports`, {
        query: { limit: EXPORTS_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
        schema: ExportPageSchema,
      }),
    /** The EPUB's bytes: the download route checks access, so it needs the token a plain link lacks. */
    download: (downloadUrl: string) => api.requestBytes(downloadUrl),
  };
}
export type ExportEndpoints = ReturnType<typeof exportEndpoints>;

/** Hands bytes to the browser as a file download (a temporary link to an object URL). */
export function saveFile(bytes: Uint8Array, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; a minute covers slow browsers anyway.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from the book's title that every file system accepts. */
export function epubFileName(title: string): string {
  const safe = title
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  return `${safe || 'book'}.epub`;
}
