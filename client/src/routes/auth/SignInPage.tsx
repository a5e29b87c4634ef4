import { ErrorCode } from '@galley/shared/errors';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import {
  CurrentPasswordField,
  ErrorAlert,
  invalid,
  SubmitButton,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { AuthLayout } from './AuthLayout.tsx';

const MFA_CODE = /^(\d{6}|[a-z0-9]{5}-[a-z0-9]{5})$/;

// Once the session starts, <RedirectIfSignedIn> takes the user back to the page that sent them here.

export default function SignInPage() {
  const { api, startSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const form = useFormAction();

  async function submitPassword(event: FormEvent) {
    event.preventDefault();
    const issues = [];
    if (!email.trim()) issues.push({ path: 'email', message: 'Enter your email address.' });
    if (!password) issues.push({ path: 'password', message: 'Enter your password.' });
    if (issues.length) return form.setError(invalid(issues));
    await form.run(async () => {
      const result = await api.auth.login({ email: email.trim(), password });
      if ('mfaRequired' in result) {
        setMfaToken(result.mfaToken);
        return;
      }
      await startSession(result);
    });
  }

  async function submitCode(event: FormEvent) {
    event.preventDefault();
    const normalised = code.trim().toLowerCase().replace(/\s+/g, '');
    if (!MFA_CODE.test(normalised)) {
      return form.setError(
        invalid([
          {
            path: 'code',
            message: 'Enter the 6-digit code from your app, or a recovery code (xxxxx-xxxxx).',
          },
        ]),
      );
    }
    if (!mfaToken) return;
    await form.run(async () => {
      const result = await api.auth.loginMfa(mfaToken, normalised);
      await startSession(result);
    });
  }

  if (mfaToken) {
    return (
      <AuthLayout
        title="Two-step verification"
        footer={
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setMfaToken(null);
              setCode('');
              form.setError(null);
            }}
          >
            Use a different account
          </button>
        }
      >
        <form ref={form.formRef} onSubmit={submitCode} noValidate>
          <ErrorAlert error={form.error} />
          <p>Enter the code from your authenticator app. Lost your device? Use one of your recovery codes.</p>
          <TextField
            label="Verification code"
            value={code}
            onValueChange={setCode}
            autoComplete="one-time-code"
            autoFocus
            spellCheck={false}
            autoCapitalize="off"
            required
            error={form.fieldError('code', ErrorCode.invalidMfaCode)}
          />
          <SubmitButton pending={form.pending}>Verify</SubmitButton>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Sign in"
      footer={
        <>
          <p>
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
          <p>
            New to Galley? <Link to="/register">Create an account</Link>
          </p>
        </>
      }
    >
      <form ref={form.formRef} onSubmit={submitPassword} noValidate>
        <ErrorAlert error={form.error} />
        <TextField
          label="Email"
          type="email"
          value={email}
          onValueChange={setEmail}
          autoComplete="username"
          required
          error={form.fieldError('email')}
        />
        <CurrentPasswordField
          label="Password"
          value={password}
          onValueChange={setPassword}
          error={form.fieldError('password')}
        />
        <SubmitButton pending={form.pending}>Sign in</SubmitButton>
      </form>
    </AuthLayout>
  );
}
