import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/apiError.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, SuccessNote } from '../../components/forms.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export default function VerifyEmailPage() {
  const { api, state, setUser } = useSession();
  const signedIn = state.status === 'signed-in';
  const [params] = useSearchParams();
  const token = params.get('token');
  const [result, setResult] = useState<'pending' | 'verified' | ApiError>('pending');
  // React's dev double-effect must not spend the one-time token twice.
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    api.auth
      .verifyEmail(token)
      .then(() => setResult('verified'))
      .catch((error: ApiError) => setResult(error));
  }, [api, token]);

  // The app loads the user on start, possibly while the verification was still in flight; once both
  // are done, fetch it again so the "verify your email" banner does not linger with a stale answer.
  const verified = result === 'verified';
  const refetched = useRef(false);
  useEffect(() => {
    // Once: setUser changes the session, which gives setUser a new identity and runs this again.
    if (!verified || !signedIn || refetched.current) return;
    refetched.current = true;
    api.me
      .get()
      .then(setUser)
      .catch(() => undefined);
  }, [api, verified, signedIn, setUser]);

  const next = signedIn ? { to: '/', label: 'Continue to Galley' } : { to: '/sign-in', label: 'Sign in' };
  return (
    <AuthLayout title="Verify your email">
      {!token ? (
        <div className="alert alert-error" role="alert">
          This link has no verification token. Open the link from the email again.
        </div>
      ) : result === 'pending' ? (
        <p role="status">Checking your link…</p>
      ) : result === 'verified' ? (
        <SuccessNote>Your email address is verified.</SuccessNote>
      ) : (
        <ErrorAlert error={result} />
      )}
      <p>
        <Link to={next.to}>{next.label}</Link>
      </p>
    </AuthLayout>
  );
}
