import { ErrorCode } from '@galley/shared/errors';
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/apiError.ts';
import { useSession, useUser } from '../auth/session.tsx';
import { ErrorAlert, HiddenUsername, invalid, SubmitButton, TextField, useFormAction } from './forms.tsx';

/**
 * Sensitive actions answer 403 `step_up_required` when the sign-in is older than ten minutes. This asks
 * the user to prove it is them (password, or a code when two-step verification is on), swaps in the
 * fresh access token and runs the action again. Cancelling rethrows the original error.
 */
export function useStepUp(): {
  withStepUp<T>(action: () => Promise<T>): Promise<T>;
  stepUpDialog: ReactNode;
} {
  const [pending, setPending] = useState<{ resolve(): void; reject(): void } | null>(null);

  const withStepUp = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== ErrorCode.stepUpRequired) throw error;
      await new Promise<void>((resolve, reject) => setPending({ resolve, reject: () => reject(error) }));
      return action();
    }
  }, []);

  const stepUpDialog = pending ? (
    <StepUpDialog
      onDone={() => {
        pending.resolve();
        setPending(null);
      }}
      onCancel={() => {
        pending.reject();
        setPending(null);
      }}
    />
  ) : null;
  return { withStepUp, stepUpDialog };
}

function StepUpDialog({ onDone, onCancel }: { onDone(): void; onCancel(): void }) {
  const user = useUser();
  const { api, client } = useSession();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [secret, setSecret] = useState('');
  const form = useFormAction();
  const useCode = user.mfaEnabled;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!secret.trim()) {
      return form.setError(
        invalid([
          {
            path: useCode ? 'code' : 'password',
            message: useCode ? 'Enter a code.' : 'Enter your password.',
          },
        ]),
      );
    }
    const result = await form.run(() =>
      api.auth.stepUp(useCode ? { code: secret.trim().toLowerCase() } : { password: secret }),
    );
    if (result) {
      client.replaceAccessToken(result.accessToken);
      dialogRef.current?.close();
      onDone();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="step-up-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form ref={form.formRef} onSubmit={submit} noValidate className="stack">
        <h2 id="step-up-title">Confirm it is you</h2>
        <p>This change needs a recent sign-in.</p>
        <ErrorAlert error={form.error} />
        {useCode ? null : <HiddenUsername email={user.email} />}
        <TextField
          label={useCode ? 'Code from your authenticator app' : 'Password'}
          type={useCode ? 'text' : 'password'}
          value={secret}
          onValueChange={setSecret}
          autoComplete={useCode ? 'one-time-code' : 'current-password'}
          autoFocus
          required
          error={form.fieldError(
            useCode ? 'code' : 'password',
            ErrorCode.invalidMfaCode,
            ErrorCode.invalidCredentials,
          )}
        />
        <div className="actions">
          <SubmitButton pending={form.pending}>Confirm</SubmitButton>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
