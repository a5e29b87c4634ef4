import type { ExportJob } from '@galley/shared/api/exports';
import { formatBytes } from '../../../api/media.ts';
import { formatDateTime } from '../../../components/format.ts';
import { exportVerdict } from './exportFindings.ts';
import { exportSourceLabel } from './exportSource.ts';

/** The book's exports, newest first, a page at a time; each opens its report above. */
export function ExportHistory({
  jobs,
  shownId,
  hasMore,
  loading,
  onShow,
  onMore,
}: {
  jobs: ExportJob[];
  shownId: string | null;
  hasMore: boolean;
  loading: boolean;
  onShow: (job: ExportJob) => void;
  onMore: () => void;
}) {
  return (
    <section aria-labelledby="export-history-heading" className="stack">
      <h2 id="export-history-heading">Earlier exports</h2>
      {jobs.length === 0 && !loading ? <p>No exports of this book yet.</p> : null}
      {jobs.length ? (
        <ul className="export-history" aria-label="Exports of this book">
          {jobs.map((job) => (
            <li key={job.id}>
              <span>
                {formatDateTime(job.createdAt)} · {exportSourceLabel(job)} · {exportVerdict(job)}
                {job.bytes !== null ? ` · ${formatBytes(job.bytes)}` : ''}
              </span>
              {job.status === 'succeeded' || job.status === 'failed' ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => onShow(job)}
                  aria-pressed={job.id === shownId}
                  aria-label={`Show the export of ${formatDateTime(job.createdAt)}`}
                >
                  Show
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {hasMore ? (
        <p>
          <button type="button" className="button" onClick={onMore} disabled={loading}>
            More
          </button>
        </p>
      ) : null}
    </section>
  );
}
