import type { ExportJob } from '@galley/shared/api/exports';
import type { ExportJobRecord } from './exportJobsRepo.ts';

/** A job as the api returns it: file locations become authenticated api routes. */
export function presentExportJob(job: ExportJobRecord): ExportJob {
  const done = job.status === 'succeeded' && job.objects !== null;
  return {
    id: job.id,
    bookId: job.bookId,
    format: job.format,
    status: job.status,
    source: job.source ?? null,
    progress: job.progress,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    error: job.error,
    report: job.report,
    bytes: job.bytes,
    downloadUrl: done ? `/api/exports/${job.id}/download` : null,
    reportUrls: done
      ? { epubCheck: `/api/exports/${job.id}/reports/epubcheck`, ace: `/api/exports/${job.id}/reports/ace` }
      : null,
  };
}
