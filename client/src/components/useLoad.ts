import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/apiError.ts';

export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T };

/** Loads data for a screen; `reload` runs it again (after a change, or from a "Try again" button). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the inputs in deps
  const stableLoad = useCallback(load, deps);

  useEffect(() => {
    let active = true;
    void generation; // reload() bumps it to run the load again
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    stableLoad().then(
      (data) => active && setState({ status: 'ready', data }),
      (error: unknown) =>
        active &&
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error)),
        }),
    );
    return () => {
      active = false;
    };
  }, [stableLoad, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [state, reload] as const;
}
