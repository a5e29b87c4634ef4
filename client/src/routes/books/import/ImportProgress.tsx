import type { ChapterSummary } from '@galley/shared/api/books';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/forms.tsx';
import type { ImportState } from './useImportJob.ts';

/**
 * Where an import stands: a progress bar while it runs, then the new chapters as links (with any
 * warnings: an image left out, …), or the reason it failed. Announced politely to screen readers.
 */
export function ImportProgress({ state, chapters }: { state: ImportState; chapters: ChapterSummary[] }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'failed') return <ErrorAlert error={state.error} />;
  if (state.phase === 'uploading' || state.phase === 'running') {
    const progress =
      state.phase === 'running' ? state.job.progress : { percent: 0, step: 'Uploading the file' };
    return (
      <div className="import-progress" role="status">
        <progress max={100} value={progress.percent} aria-label="Import progress" />
        <span>
          {progress.step}… {progress.percent}%
        </span>
      </div>
    );
  }
  const result = state.job.result;
  if (!result) return null;
  const titles = new Map(chapters.map((chapter) => [chapter.id, chapter.title]));
  return (
    <div className="alert alert-success" role="status">
      <p>
        Imported {result.chapterIds.length} chapter{result.chapterIds.length === 1 ? '' : 's'}
        {result.mediaIds.length
          ? ` and ${result.mediaIds.length} image${result.mediaIds.length === 1 ? '' : 's'}`
          : ''}
        :
      </p>
      <ol className="import-chapters">
        {result.chapterIds.map((chapterId, index) => (
          <li key={chapterId}>
            <Link
              to={`/books/${encodeURIComponent(result.bookId)}/chapters/${encodeURIComponent(chapterId)}`}
            >
              {titles.get(chapterId) ?? `Chapter ${index + 1}`}
            </Link>
          </li>
        ))}
      </ol>
      {result.warnings.length ? (
        <>
          <p>Kept differently or left out:</p>
          <ul className="import-warnings">
            {result.warnings.map((warning, index) => (
              // Warnings have no identity of their own; their order is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={index}>{warning.message}</li>
            ))}
          </ul>
          {result.warningsTruncated ? <p>…and more.</p> : null}
        </>
      ) : null}
    </div>
  );
}
