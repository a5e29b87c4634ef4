import { ErrorCode } from '@galley/shared/errors';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { passwordLooksAcceptable } from '../../auth/passwordHints.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, invalid, SubmitButton, TextField, useFormAction } from '../../components/forms.tsx';
import { NewPasswordField } from '../../components/PasswordField.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export default function RegisterPage() {
  const { api, startSession } = useSession();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const issues = [];
    if (!displayName.trim()) issues.push({ path: 'displayName', message: 'Enter the name others will see.' });
    if (!/^\S+@\S+\.\S+$/.test(email.trim()))
      issues.push({ path: 'email', message: 'Enter a valid email address.' });
    if (!passwordLooksAcceptable(password, email)) {
      issues.push({ path: 'password', message: 'Choose a password that meets the rules below.' });
    }
    if (issues.length) return form.setError(invalid(issues));
    await form.run(async () => {
      const signedIn = await api.auth.register({
        displayName: displayName.trim(),
        email: email.trim(),
        password,
      });
      await startSession(signedIn);
    });
  }

  return (
    <AuthLayout
      title="Create your account"
      footer={
        <p>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      }
    >
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <ErrorAlert error={form.error} />
        <TextField
          label="Display name"
          value={displayName}
          onValueChange={setDisplayName}
          autoComplete="name"
          maxLength={80}
          required
          error={form.fieldError('displayName')}
        />
        <TextField
          label="Email"
          type="email"
          value={email}
          onValueChange={setEmail}
          autoComplete="email"
          required
          error={form.fieldError('email', ErrorCode.emailTaken)}
        />
        <NewPasswordField
          label="Password"
          value={password}
          onValueChange={setPassword}
          email={email}
          error={form.fieldError('password')}
        />
        <SubmitButton pending={form.pending}>Create account</SubmitButton>
      </form>
    </AuthLayout>
  );
}
