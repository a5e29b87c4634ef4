import type { ExportJob } from '@galley/shared/api/exports';
import { can } from '@galley/shared/permissions';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ApiError } from '../../../api/apiError.ts';
import { actorOf } from '../../../auth/actor.ts';
import { useSession, useUser } from '../../../auth/session.tsx';
import { formatDateTime } from '../../../components/format.ts';
import { ErrorAlert } from '../../../components/forms.tsx';
import { useDocumentTitle } from '../../../components/useDocumentTitle.ts';
import { useOnline } from '../../../hooks/useOnline.ts';
import { useBook } from '../useBook.ts';
import { ExportHistory } from './ExportHistory.tsx';
import { ExportResult } from './ExportResult.tsx';
import { exportSourceLabel } from './exportSource.ts';
import { exportEndpoints } from './exportsApi.ts';
import { type ExportState, useExportJob } from './useExportJob.ts';
import './exports.css';

const enc = encodeURIComponent;

/**
 * EPUB exports of a book: start one (a job on the server), follow its progress, then download the file
 * and read what EPUBCheck and Ace by DAISY found, each finding linked to its chapter. Earlier exports
 * stay listed; each export is a version of the file, kept with its reports.
 */
export default function ExportsPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const { client } = useSession();
  const online = useOnline();
  const [view] = useBook(id);
  useDocumentTitle('Exports');
  const exports = useMemo(() => exportEndpoints(client), [client]);

  const [jobs, setJobs] = useState<ExportJob[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const loadPage = useCallback(
    (from: string | null) => {
      setLoading(true);
      setListError(null);
      return exports
        .list(id, from)
        .then((page) => {
          setJobs((previous) => (from ? [...previous, ...page.items] : page.items));
          setCursor(page.nextCursor);
          return page.items;
        })
        .catch((error: ApiError) => {
          setListError(error);
          return [];
        })
        .finally(() => setLoading(false));
    },
    [exports, id],
  );

  // A finished job refreshes the list's first page, where it now sits at the top.
  const { state, start, resume, show } = useExportJob(exports, () => void loadPage(null));
  useEffect(() => {
    // An export started earlier (another tab, before a reload) and still running is followed here too.
    // Otherwise the latest export is shown, so coming back to the page shows where the book stands.
    void loadPage(null).then(([latest]) => {
      if (!latest) return;
      if (latest.status === 'queued' || latest.status === 'running') resume(latest);
      else show(latest);
    });
  }, [loadPage, resume, show]);

  const resultHeading = useRef<HTMLHeadingElement>(null);
  const showEarlier = (job: ExportJob) => {
    show(job);
    // Keyboard and screen-reader users land on what they asked to see.
    window.requestAnimationFrame(() => resultHeading.current?.focus());
  };

  const book = view.status === 'ready' ? view.book : null;
  // The api lets anyone who may read the book export it; the same rule decides whether the button shows.
  const mayExport = book !== null && can(actorOf(user), 'read', 'book', { memberRole: book.role });
  const busy = state.phase === 'starting' || state.phase === 'running';
  const offline = !online || listError?.isNetworkError === true;
  const shown = state.phase === 'finished' ? state.job : null;

  return (
    <section aria-labelledby="exports-heading" className="stack exports-page">
      <p>
        <Link to={`/books/${enc(id)}`}>← Back to the book</Link>
      </p>
      <h1 id="exports-heading">Exports{book ? ` of ${book.title}` : ''}</h1>
      <p>
        An EPUB 3 file of the book as it is now, checked by EPUBCheck and by Ace by DAISY. Every export is
        kept with both reports, so you can go back to an earlier one. To export a named version as it was
        saved, use <Link to={`/books/${enc(id)}/versions`}>Versions</Link>.
      </p>
      {offline ? (
        <p className="notice">
          Exporting needs a connection; the exports of this book show once you are online.
        </p>
      ) : null}
      {mayExport ? (
        <p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => start(id)}
            disabled={busy || offline}
            aria-busy={busy || undefined}
          >
            {busy ? 'Exporting…' : 'Export EPUB'}
          </button>
        </p>
      ) : null}
      {state.phase === 'failed' && !state.error.isNetworkError ? <ErrorAlert error={state.error} /> : null}
      {state.phase === 'failed' && state.error.isNetworkError ? (
        <p className="notice">
          The export could not start: there is no connection. Try again once you are online.
        </p>
      ) : null}
      <ExportStatus state={state} />
      {shown && book ? (
        <section aria-labelledby="export-result-heading">
          <h2 id="export-result-heading" ref={resultHeading} tabIndex={-1}>
            Export of {formatDateTime(shown.createdAt)}
          </h2>
          <p>{exportSourceLabel(shown)}</p>
          <ExportResult
            job={shown}
            bookId={id}
            bookTitle={book.title}
            chapters={book.chapters}
            exports={exports}
            online={online}
          />
        </section>
      ) : null}
      {listError && !listError.isNetworkError ? <ErrorAlert error={listError} /> : null}
      <ExportHistory
        jobs={jobs}
        shownId={shown?.id ?? null}
        hasMore={cursor !== null}
        loading={loading}
        onShow={showEarlier}
        onMore={() => void loadPage(cursor)}
      />
    </section>
  );
}

/**
 * One polite live region, present from the start so that screen readers announce each change: the
 * step while the export runs, then how it ended.
 */
function ExportStatus({ state }: { state: ExportState }) {
  let text = '';
  let percent: number | null = null;
  if (state.phase === 'starting') {
    text = 'Starting the export…';
    percent = 0;
  } else if (state.phase === 'running') {
    percent = state.job.progress.percent;
    text = `${state.job.progress.step}… ${percent}%`;
    if (state.stalled) text += ' (waiting for the connection; the export carries on on the server)';
  } else if (state.phase !== 'finished' || state.earlier) {
    // Nothing under way: an earlier export opened from the list is not news.
  } else if (state.job.status === 'succeeded' && state.job.report) {
    const { valid, accessible } = state.job.report;
    text = `Export finished. EPUBCheck ${valid ? 'passed' : 'failed'}; accessibility ${accessible ? 'claimed' : 'not claimed'}.`;
  } else if (state.job.status === 'failed') {
    text = 'The export failed.';
  }
  return (
    <div role="status" className="export-status">
      {percent !== null ? <progress max={100} value={percent} aria-label="Export progress" /> : null}
      {text ? <span>{text}</span> : null}
    </div>
  );
}
