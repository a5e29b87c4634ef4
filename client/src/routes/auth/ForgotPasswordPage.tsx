import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import {
  ErrorAlert,
  invalid,
  SubmitButton,
  SuccessNote,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export default function ForgotPasswordPage() {
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      return form.setError(invalid([{ path: 'email', message: 'Enter a valid email address.' }]));
    }
    const done = await form.run(async () => {
      await api.auth.requestPasswordReset(email.trim());
      return true;
    });
    if (done) setSent(true);
  }

  return (
    <AuthLayout
      title="Reset your password"
      footer={
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      }
    >
      {sent ? (
        // The same answer whether or not the address has an account, so nobody can probe for accounts.
        <SuccessNote>
          If an account uses {email.trim()}, we have sent it a link to choose a new password.
        </SuccessNote>
      ) : (
        <form ref={form.formRef} onSubmit={submit} noValidate>
          <ErrorAlert error={form.error} />
          <TextField
            label="Email"
            type="email"
            value={email}
            onValueChange={setEmail}
            autoComplete="email"
            required
            error={form.fieldError('email')}
          />
          <SubmitButton pending={form.pending}>Send reset link</SubmitButton>
        </form>
      )}
    </AuthLayout>
  );
}
