import { useState } from 'react';
import type { ApiError } from '../api/apiError.ts';
import { useSession } from '../auth/session.tsx';

export function EmailVerificationBanner({ email }: { email: string }) {
  const { api } = useSession();
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | ApiError>('idle');

  async function resend() {
    setState('sending');
    try {
      await api.me.resendVerification();
      setState('sent');
    } catch (error) {
      setState(error as ApiError);
    }
  }

  return (
    <section className="banner" aria-label="Email verification">
      <p>
        Please verify your email address, {email}. Check your inbox for the link.{' '}
        {state === 'sent' ? (
          <span role="status">We sent a new link.</span>
        ) : (
          <button type="button" className="link-button" onClick={resend} disabled={state === 'sending'}>
            {state === 'sending' ? 'Sending…' : 'Resend the email'}
          </button>
        )}
      </p>
      {typeof state === 'object' ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </section>
  );
}
