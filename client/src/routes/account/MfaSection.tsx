import { ErrorCode } from '@galley/shared/errors';
import { type FormEvent, useState } from 'react';
import { useSession, useUser } from '../../auth/session.tsx';
import {
  CurrentPasswordField,
  ErrorAlert,
  HiddenUsername,
  invalid,
  SubmitButton,
  SuccessNote,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';

interface Setup {
  secret: string;
  qrCodeDataUrl: string;
}

/** Two-step verification: set up (QR + secret, first code, recovery codes once) or turn off. */
export function MfaSection() {
  const user = useUser();
  const { api, client, setUser } = useSession();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [disabled, setDisabled] = useState(false);
  const form = useFormAction();

  /** The access token carries an `mfa` claim: renew it so admin screens see the change at once. */
  async function syncUser() {
    await client.refresh().catch(() => undefined);
    await setUser(await api.me.get());
  }

  async function startSetup() {
    const result = await form.run(() => api.me.totpSetup());
    if (result) setSetup(result);
  }

  async function enable(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      return form.setError(invalid([{ path: 'code', message: 'Enter the 6-digit code from your app.' }]));
    }
    const result = await form.run(() => api.me.totpEnable(code.trim()));
    if (result) {
      setRecoveryCodes(result.recoveryCodes);
      setSetup(null);
      setCode('');
      // While the user copies the codes, pick up the new `mfa` claim (admin pages need it).
      void syncUser().catch(() => undefined);
    }
  }

  async function disable(event: FormEvent) {
    event.preventDefault();
    const issues = [];
    if (!password) issues.push({ path: 'password', message: 'Enter your password.' });
    if (!code.trim())
      issues.push({ path: 'code', message: 'Enter a code from your app or a recovery code.' });
    if (issues.length) return form.setError(invalid(issues));
    const ok = await form.run(async () => {
      await api.me.mfaDisable(password, code.trim().toLowerCase());
      await syncUser();
      return true;
    });
    if (ok) {
      setPassword('');
      setCode('');
      setDisabled(true);
    }
  }

  if (recoveryCodes) {
    return (
      <section className="stack" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Two-step verification is on</h2>
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      </section>
    );
  }

  if (user.mfaEnabled) {
    return (
      <form ref={form.formRef} onSubmit={disable} noValidate className="stack" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Two-step verification</h2>
        <p>
          <span className="badge badge-ok">On</span> Signing in asks for a code from your authenticator app.
        </p>
        <ErrorAlert error={form.error} />
        <p>To turn it off, confirm with your password and a current code.</p>
        <HiddenUsername email={user.email} />
        <CurrentPasswordField
          label="Password"
          value={password}
          onValueChange={setPassword}
          error={form.fieldError('password', ErrorCode.invalidCredentials)}
        />
        <TextField
          label="Code from your app, or a recovery code"
          value={code}
          onValueChange={setCode}
          autoComplete="one-time-code"
          spellCheck={false}
          required
          error={form.fieldError('code', ErrorCode.invalidMfaCode)}
        />
        <button type="submit" className="button button-danger" disabled={form.pending}>
          {form.pending ? 'Working…' : 'Turn off two-step verification'}
        </button>
      </form>
    );
  }

  if (setup) {
    return (
      <form ref={form.formRef} onSubmit={enable} noValidate className="stack" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading">Set up two-step verification</h2>
        <ErrorAlert error={form.error} />
        <ol className="steps">
          <li>
            Scan this QR code with an authenticator app.
            <img
              className="qr-code"
              src={setup.qrCodeDataUrl}
              alt="QR code for adding Galley to your authenticator app"
              width={200}
              height={200}
            />
          </li>
          <li>
            Or type this key into the app:{' '}
            <code className="secret" data-testid="totp-secret">
              {setup.secret}
            </code>
          </li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <TextField
          label="Code from your app"
          value={code}
          onValueChange={setCode}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          required
          error={form.fieldError('code', ErrorCode.invalidMfaCode)}
        />
        <div className="actions">
          <SubmitButton pending={form.pending}>Turn on</SubmitButton>
          <button type="button" className="button" onClick={() => setSetup(null)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  return (
    <section className="stack" aria-labelledby="mfa-heading">
      <h2 id="mfa-heading">Two-step verification</h2>
      {disabled ? <SuccessNote>Two-step verification is off.</SuccessNote> : null}
      <p>Protect your account with a code from an authenticator app as well as your password.</p>
      <form
        ref={form.formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void startSetup();
        }}
      >
        <ErrorAlert error={form.error} />
        <SubmitButton pending={form.pending}>Set up two-step verification</SubmitButton>
      </form>
    </section>
  );
}
