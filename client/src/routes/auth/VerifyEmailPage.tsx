import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/apiError.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, SuccessNote } from '../../components/forms.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export default function VerifyEmailPage() {
  const { api, state } = useSession();
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

  const next =
    state.status === 'signed-in'
      ? { to: '/', label: 'Continue to Galley' }
      : { to: '/sign-in', label: 'Sign in' };
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
