import type { ImportJob } from '@galley/shared/api/imports';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../../api/apiError.ts';
import { useSession } from '../../../auth/session.tsx';
import { type ImportEndpoints, importEndpoints, uploadImportFile } from './importApi.ts';

/** How often a running import is asked about; a conversion takes seconds. */
const POLL_MS = 1000;

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'uploading' }
  | { phase: 'running'; job: ImportJob }
  | { phase: 'done'; job: ImportJob }
  | { phase: 'failed'; error: ApiError; job: ImportJob | null };

type Start = (
  imports: ImportEndpoints,
  upload: { uploadId: string; format: ImportJob['format'] },
) => Promise<{
  job: ImportJob;
}>;

/**
 * One import from the user's side: upload the file, start the job, poll it until it is done. A failed
 * job's code and message (meant for people) become an ApiError, shown like any other api error.
 */
export function useImportJob() {
  const { client } = useSession();
  const imports = useMemo(() => importEndpoints(client), [client]);
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const timer = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const follow = useCallback(
    (job: ImportJob) => {
      if (job.status === 'succeeded') return setState({ phase: 'done', job });
      if (job.status === 'failed') {
        const error = job.error ?? { code: 'import_failed', message: 'The import failed.' };
        return setState({ phase: 'failed', job, error: new ApiError(422, error.code, error.message) });
      }
      setState({ phase: 'running', job });
      timer.current = window.setTimeout(() => {
        imports.get(job.id).then(
          ({ job: next }) => follow(next),
          // A dropped poll is retried; the job runs on the server whatever happens here.
          () => follow(job),
        );
      }, POLL_MS);
    },
    [imports],
  );

  const start = useCallback(
    async (file: File, begin: Start) => {
      setState({ phase: 'uploading' });
      try {
        const upload = await uploadImportFile(imports, file);
        const { job } = await begin(imports, upload);
        follow(job);
      } catch (error) {
        setState({ phase: 'failed', job: null, error: error as ApiError });
      }
    },
    [imports, follow],
  );

  return { state, start, reset: () => setState({ phase: 'idle' }) };
}
