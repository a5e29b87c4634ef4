import type { ExportJob } from '@galley/shared/api/exports';
import { formatDateTime } from '../../../components/format.ts';

/**
 * Which text an export holds, in words: a named version, or the book as it was when the export was
 * asked for (jobs from before sources were recorded exported the live book too).
 */
export function exportSourceLabel(job: Pick<ExportJob, 'source' | 'createdAt'>): string {
  if (job.source?.kind === 'version') return `Version “${job.source.name}”`;
  return `Book as of ${formatDateTime(job.createdAt)}`;
}
