import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { actorOf } from '../auth/actor.ts';
import { mayOpen, returnPath } from '../auth/navigation.ts';
import { useSession } from '../auth/session.tsx';

/** Signed-in screens: wait for the stored session, send strangers to sign in and back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading')
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (state.status === 'signed-out') {
    const from = state.byUser ? undefined : { from: location.pathname + location.search };
    return <Navigate to="/sign-in" replace state={from} />;
  }
  if (!mayOpen(actorOf(state.user), location.pathname)) return <Navigate to="/" replace />;
  return children;
}

/** Signed-out screens (sign in, register): a signed-in user goes straight to the app. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading')
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (state.status === 'signed-in') return <Navigate to={returnPath(location.state)} replace />;
  return children;
}
