import type { BookDetail } from '@galley/shared/api/books';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ErrorAlert } from '../../components/forms.tsx';
import { makeBookAvailableOffline, type OfflineBook, offlineBookRecord } from '../../offline/bookDownload.ts';
import { db } from '../../offline/db.ts';

/** Downloads every chapter of the book to this device, with progress, and says when it last did. */
export function OfflineBookButton({ book }: { book: BookDetail }) {
  const user = useUser();
  const { api } = useSession();
  const [record, setRecord] = useState<OfflineBook | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void offlineBookRecord(db, user.id, book.id).then(setRecord);
  }, [user.id, book.id]);

  const download = () => {
    setError(null);
    setProgress({ done: 0, total: book.chapters.length });
    makeBookAvailableOffline(db, user.id, api, book, (done, total) => setProgress({ done, total }))
      .then(setRecord, setError)
      .finally(() => setProgress(null));
  };

  return (
    <div className="offline-book">
      <button type="button" className="button" onClick={download} disabled={progress !== null}>
        {record ? 'Update offline copy' : 'Make available offline'}
      </button>
      <p role="status" className="muted">
        {progress
          ? `Downloading chapter ${Math.min(progress.done + 1, progress.total)} of ${progress.total}…`
          : record
            ? `Available offline (${record.chapterIds.length} chapters, saved ${formatDateTime(record.savedAt)}).`
            : ''}
      </p>
      <ErrorAlert error={error} />
    </div>
  );
}
