import type { ExportJob } from '@galley/shared/api/exports';
import { useMemo, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import { formatBytes } from '../../../api/media.ts';
import { formatDateTime } from '../../../components/format.ts';
import { ErrorAlert } from '../../../components/forms.tsx';
import { CheckerReport, FindingList } from './ExportFindingsView.tsx';
import { exportFindings } from './exportFindings.ts';
import { type ExportEndpoints, epubFileName, saveFile } from './exportsApi.ts';

/**
 * A finished export: the file to download, what EPUBCheck and Ace by DAISY found (each finding linked
 * to its chapter), what the exporter changed, and whether the accessibility conformance was claimed.
 */
export function ExportResult({
  job,
  bookId,
  bookTitle,
  chapters,
  exports,
  online,
}: {
  job: ExportJob;
  bookId: string;
  bookTitle: string;
  chapters: ReadonlyArray<{ id: string; title: string }>;
  exports: ExportEndpoints;
  online: boolean;
}) {
  const findings = useMemo(
    () => (job.report ? exportFindings(job.report, bookId, chapters) : null),
    [job.report, bookId, chapters],
  );
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const when = formatDateTime(job.finishedAt ?? job.createdAt);

  if (job.status === 'failed') {
    return (
      <div className="alert alert-error">
        <p>
          The export of {when} failed: {job.error?.message ?? 'the server gave no reason.'}
        </p>
      </div>
    );
  }
  const download = () => {
    if (!job.downloadUrl) return;
    setDownloading(true);
    setError(null);
    exports
      .download(job.downloadUrl)
      .then((bytes) => saveFile(bytes, epubFileName(bookTitle), 'application/epub+zip'), setError)
      .finally(() => setDownloading(false));
  };

  return (
    <div className="stack export-result">
      <p>
        EPUB 3{job.bytes !== null ? `, ${formatBytes(job.bytes)}` : ''}, kept with both checkers’ reports.
      </p>
      {job.downloadUrl ? (
        <p>
          <button
            type="button"
            className="button button-primary"
            onClick={download}
            disabled={downloading || !online}
            aria-busy={downloading || undefined}
          >
            {downloading ? 'Downloading…' : 'Download EPUB'}
          </button>
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {findings ? (
        <>
          <p className={findings.accessibilityClaimed ? 'alert alert-success' : 'notice'}>
            {findings.accessibilityClaimed
              ? 'Accessibility conformance claimed: the file says it meets EPUB Accessibility 1.1 (WCAG 2.2 AA) and carries an accessibility summary, because Ace found no critical or serious problem.'
              : 'Accessibility conformance not claimed: Ace found critical or serious problems, or an image has no alternative text. Fix them and export again to make the claim.'}
          </p>
          <CheckerReport id={`epubcheck-${job.id}`} title="EPUBCheck" summary={findings.epubCheck} />
          <CheckerReport id={`ace-${job.id}`} title="Ace by DAISY" summary={findings.ace} />
          {findings.problems.length ? (
            <section aria-labelledby={`problems-${job.id}`}>
              <h3 id={`problems-${job.id}`}>Changed or left out by the exporter</h3>
              <FindingList label="Changed or left out by the exporter" findings={findings.problems} />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
