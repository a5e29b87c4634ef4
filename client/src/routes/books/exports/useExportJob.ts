import type { ExportJob } from '@galley/shared/api/exports';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../api/apiError.ts';
import type { ExportEndpoints } from './exportsApi.ts';

/** The first poll comes soon (the job starts at once); quiet ones wait longer, up to the cap. */
const FIRST_POLL_MS = 1000;
const MAX_POLL_MS = 8000;
const BACKOFF = 1.5;

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  /** `stalled`: the last poll did not reach the server (the job carries on there regardless). */
  | { phase: 'running'; job: ExportJob; stalled: ApiError | null }
  /** `earlier`: picked from the list, not the export this page just followed. */
  | { phase: 'finished'; job: ExportJob; earlier: boolean }
  | { phase: 'failed'; error: ApiError };

/** The delay before the next poll: back to the first when the job moved on, longer while it did not. */
export function nextPollDelay(previousMs: number | null, moved: boolean): number {
  if (previousMs === null || moved) return FIRST_POLL_MS;
  return Math.min(MAX_POLL_MS, Math.round(previousMs * BACKOFF));
}

const unfinished = (job: ExportJob) => job.status === 'queued' || job.status === 'running';

/** One export from the user's side: start it (or pick up one already running) and follow it to the end. */
export function useExportJob(exports: ExportEndpoints, onFinished: (job: ExportJob) => void) {
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const timer = useRef<number | null>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  const stop = useCallback(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const follow = useCallback(
    (job: ExportJob, delay: number | null = null, stalled: ApiError | null = null) => {
      stop();
      if (!unfinished(job)) {
        setState({ phase: 'finished', job, earlier: false });
        finished.current(job);
        return;
      }
      setState({ phase: 'running', job, stalled });
      const wait = nextPollDelay(delay, false);
      timer.current = window.setTimeout(() => {
        exports.get(job.id).then(
          ({ job: next }) => {
            const moved = next.progress.step !== job.progress.step || next.status !== job.status;
            follow(next, moved ? null : wait);
          },
          (error: ApiError) => follow(job, wait, error),
        );
      }, wait);
    },
    [exports, stop],
  );

  const start = useCallback(
    (bookId: string) => {
      stop();
      setState({ phase: 'starting' });
      exports.start(bookId).then(
        ({ job }) => follow(job),
        (error: ApiError) => setState({ phase: 'failed', error }),
      );
    },
    [exports, follow, stop],
  );

  /** Shows a job already under way (found in the list) and follows it, as if this page had started it. */
  const resume = useCallback(
    (job: ExportJob) => {
      if (unfinished(job)) follow(job);
    },
    [follow],
  );

  /** Shows a finished export from the list. */
  const show = useCallback(
    (job: ExportJob) => {
      stop();
      setState({ phase: 'finished', job, earlier: true });
    },
    [stop],
  );

  return { state, start, resume, show };
}
