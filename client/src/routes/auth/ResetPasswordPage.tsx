import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { passwordLooksAcceptable } from '../../auth/passwordHints.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, invalid, SubmitButton, SuccessNote, useFormAction } from '../../components/forms.tsx';
import { NewPasswordField } from '../../components/PasswordField.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export default function ResetPasswordPage() {
  const { api } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token) return;
    if (!passwordLooksAcceptable(password, '')) {
      return form.setError(
        invalid([{ path: 'password', message: 'Choose a password that meets the rules below.' }]),
      );
    }
    const ok = await form.run(async () => {
      await api.auth.confirmPasswordReset(token, password);
      return true;
    });
    if (ok) setDone(true);
  }

  return (
    <AuthLayout title="Choose a new password">
      {!token ? (
        <div className="alert alert-error" role="alert">
          This link has no reset token. <Link to="/forgot-password">Ask for a new link.</Link>
        </div>
      ) : done ? (
        <>
          <SuccessNote>Your password is changed. Sign in with your new password.</SuccessNote>
          <p>
            <Link to="/sign-in">Sign in</Link>
          </p>
        </>
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <ErrorAlert error={form.error} />
          <NewPasswordField
            label="New password"
            value={password}
            onValueChange={setPassword}
            email=""
            error={form.fieldError('password')}
          />
          <SubmitButton pending={form.pending}>Change password</SubmitButton>
        </form>
      )}
    </AuthLayout>
  );
}
