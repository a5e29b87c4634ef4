import type { ReactNode } from 'react';
import type { Loaded } from './useLoad.ts';

/** The loading and failure states every list shares; `children` renders the data. */
export function LoadState<T>({
  state,
  retry,
  children,
}: {
  state: Loaded<T>;
  retry(): void;
  children(data: T): ReactNode;
}) {
  if (state.status === 'loading') return <p role="status">Loading…</p>;
  if (state.status === 'error') {
    return (
      <div className="alert alert-error" role="alert">
        <p>{state.error.message}</p>
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children(state.data)}</>;
}
