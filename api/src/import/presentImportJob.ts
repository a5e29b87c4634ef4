import type { ImportJob } from '@galley/shared/api/imports';
import type { ImportJobRecord } from './importJobsRepo.ts';

export function presentImportJob(job: ImportJobRecord): ImportJob {
  return {
    id: job.id,
    bookId: job.bookId,
    newBook: job.newBook,
    format: job.format,
    fileName: job.fileName,
    status: job.status,
    progress: job.progress,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    error: job.error,
    result: job.result,
  };
}
