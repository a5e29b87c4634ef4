import { useState } from 'react';
import type { ApiError } from '../../api/apiError.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import { formatDateTime } from '../../components/format.ts';
import { ErrorAlert } from '../../components/forms.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { useLoad } from '../../components/useLoad.ts';

export default function SessionsPage() {
  useDocumentTitle('Sessions');
  const { api } = useSession();
  const user = useUser();
  const [state, reload] = useLoad(() => api.me.sessions(), [api]);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function revoke(id: string) {
    setRevoking(id);
    setError(null);
    try {
      await api.me.revokeSession(id);
      reload();
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setRevoking(null);
    }
  }

  return (
    <section aria-labelledby="sessions-heading">
      <h1 id="sessions-heading">Sessions</h1>
      <p className="muted">Devices signed in to your account. Sign out any you do not recognise.</p>
      <ErrorAlert error={error} />
      <LoadState state={state} retry={reload}>
        {({ items }) => (
          <ul className="card-list">
            {items.map((session) => (
              <li key={session.id} className="card">
                <div>
                  <strong>{session.device || 'Unknown device'}</strong>
                  {session.current ? <span className="badge">This device</span> : null}
                  <p className="muted">
                    {session.ip} · signed in {formatDateTime(session.createdAt, user.profile.timeZone)} · last
                    active {formatDateTime(session.lastUsedAt, user.profile.timeZone)}
                  </p>
                </div>
                {session.current ? null : (
                  <button
                    type="button"
                    className="button"
                    onClick={() => revoke(session.id)}
                    disabled={revoking === session.id}
                    aria-label={`Sign out ${session.device || 'unknown device'} (${session.ip})`}
                  >
                    {revoking === session.id ? 'Signing out…' : 'Sign out'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </LoadState>
    </section>
  );
}
