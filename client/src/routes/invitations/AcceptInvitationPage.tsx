import {
  type InvitationAcceptResponse,
  InvitationAcceptResponseSchema,
} from '@galley/shared/api/invitations';
import { ErrorCode } from '@galley/shared/errors';
import { type ReactNode, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/apiError.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, SuccessNote } from '../../components/forms.tsx';
import { AuthLayout } from '../auth/AuthLayout.tsx';

/**
 * Where an invitation mail's link lands (/invitations/accept?token=…). Someone signed out signs in or
 * creates an account first and comes back here (router state `from`); then one click accepts. The
 * click is deliberate: the link may be opened by a mail scanner, and accepting is a decision.
 */
export default function AcceptInvitationPage() {
  const { client, api, state, setUser, signOut } = useSession();
  const location = useLocation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [joined, setJoined] = useState<InvitationAcceptResponse | null>(null);
  const back = { from: location.pathname + location.search };

  const accept = () => {
    if (!token) return;
    setPending(true);
    setError(null);
    client
      .request('POST', '/api/invitations/accept', { body: { token }, schema: InvitationAcceptResponseSchema })
      .then((result) => {
        setJoined(result);
        // Accepting may have verified the address: the "verify your email" banner should go.
        api.me
          .get()
          .then(setUser)
          .catch(() => undefined);
      }, setError)
      .finally(() => setPending(false));
  };

  let body: ReactNode;
  if (!token) {
    body = (
      <div className="alert alert-error" role="alert">
        This link has no invitation token. Open the link from the email again.
      </div>
    );
  } else if (state.status === 'loading') {
    body = <p role="status">Loading…</p>;
  } else if (state.status === 'signed-out') {
    body = (
      <>
        <p>You have been invited to work on a book in Galley.</p>
        <p>
          Sign in, or create an account, with the email address the invitation was sent to; you come back here
          after.
        </p>
        <p>
          <Link className="button button-primary" to="/sign-in" state={back}>
            Sign in to accept
          </Link>{' '}
          <Link className="button" to="/register" state={back}>
            Create an account
          </Link>
        </p>
      </>
    );
  } else if (joined) {
    body = (
      <>
        <SuccessNote>You joined “{joined.book.title}”.</SuccessNote>
        <p>
          <Link to={`/books/${encodeURIComponent(joined.book.id)}`}>Open “{joined.book.title}”</Link>
        </p>
      </>
    );
  } else {
    body = (
      <>
        <p>
          You are signed in as <strong>{state.user.email}</strong>.
        </p>
        <ErrorAlert error={error} />
        {error?.code === ErrorCode.invitationEmailMismatch ? (
          <p>
            <button type="button" className="button" onClick={() => void signOut()}>
              Sign out and use another account
            </button>
          </p>
        ) : null}
        <p>
          <button
            type="button"
            className="button button-primary"
            onClick={accept}
            disabled={pending}
            aria-busy={pending || undefined}
          >
            {pending ? 'Accepting…' : 'Accept invitation'}
          </button>
        </p>
        <p>
          <Link to="/">Not now</Link>
        </p>
      </>
    );
  }
  return <AuthLayout title="Invitation to a book">{body}</AuthLayout>;
}
