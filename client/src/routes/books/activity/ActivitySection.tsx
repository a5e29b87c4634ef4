import { type ActivityDay, ActivityPageSchema } from '@galley/shared/api/activity';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import { useSession } from '../../../auth/session.tsx';
import { ErrorAlert } from '../../../components/forms.tsx';
import { dayLabel, entryText } from './activityText.ts';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** Who changed which chapter, day by day, newest first; older days on demand. */
export function ActivitySection({ bookId }: { bookId: string }) {
  const { client } = useSession();
  const [days, setDays] = useState<ActivityDay[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    (from: string | null) => {
      setLoading(true);
      setError(null);
      client
        .request('GET', `/api/books/${encodeURIComponent(bookId)}/activity`, {
          query: { days: 7, ...(from ? { cursor: from } : {}) },
          schema: ActivityPageSchema,
        })
        .then((page) => {
          setDays((previous) => (from ? [...(previous ?? []), ...page.days] : page.days));
          setCursor(page.nextCursor);
        }, setError)
        .finally(() => setLoading(false));
    },
    [client, bookId],
  );
  useEffect(() => load(null), [load]);

  const now = new Date();
  return (
    <section aria-labelledby="activity-heading" className="stack">
      <h2 id="activity-heading">Activity</h2>
      {error?.isNetworkError ? (
        <p className="notice">Activity needs a connection; it shows once you are online.</p>
      ) : (
        <ErrorAlert error={error} />
      )}
      {days === null && loading ? <p role="status">Loading activity…</p> : null}
      {days !== null && days.length === 0 ? <p>No changes to the chapters yet.</p> : null}
      {(days ?? []).map((day) => (
        <div key={day.day}>
          <h3>{dayLabel(day.day, now)}</h3>
          <ul aria-label={`Activity ${dayLabel(day.day, now).toLowerCase()}`}>
            {day.entries.map((entry) => (
              <li key={`${entry.chapterId}-${entry.userId}`}>
                {entryText(entry)}, {time(entry.firstAt)}–{time(entry.lastAt)}
              </li>
            ))}
          </ul>
          {day.partial ? <p className="field-hint">Only part of this very busy day is shown.</p> : null}
        </div>
      ))}
      <div>
        <button type="button" className="button" onClick={() => load(null)} disabled={loading}>
          Refresh activity
        </button>{' '}
        {cursor ? (
          <button type="button" className="button" onClick={() => load(cursor)} disabled={loading}>
            Older activity
          </button>
        ) : null}
      </div>
    </section>
  );
}
