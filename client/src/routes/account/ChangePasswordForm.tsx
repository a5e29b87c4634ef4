import { ErrorCode } from '@galley/shared/errors';
import { type FormEvent, useState } from 'react';
import { passwordLooksAcceptable } from '../../auth/passwordHints.ts';
import { useSession, useUser } from '../../auth/session.tsx';
import {
  CurrentPasswordField,
  ErrorAlert,
  HiddenUsername,
  invalid,
  SubmitButton,
  SuccessNote,
  useFormAction,
} from '../../components/forms.tsx';
import { NewPasswordField } from '../../components/PasswordField.tsx';

export function ChangePasswordForm() {
  const { api } = useSession();
  const user = useUser();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useFormAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const issues = [];
    if (!currentPassword) issues.push({ path: 'currentPassword', message: 'Enter your current password.' });
    if (!passwordLooksAcceptable(newPassword, user.email)) {
      issues.push({ path: 'newPassword', message: 'Choose a password that meets the rules below.' });
    }
    if (issues.length) return form.setError(invalid(issues));
    const ok = await form.run(async () => {
      await api.me.changePassword(currentPassword, newPassword);
      return true;
    });
    if (ok) {
      setCurrentPassword('');
      setNewPassword('');
      setDone(true);
    }
  }

  return (
    <form
      ref={form.formRef}
      onSubmit={submit}
      noValidate
      className="stack"
      aria-labelledby="password-heading"
    >
      <h2 id="password-heading">Change password</h2>
      <ErrorAlert error={form.error} />
      {done ? <SuccessNote>Your password is changed.</SuccessNote> : null}
      <HiddenUsername email={user.email} />
      <CurrentPasswordField
        label="Current password"
        value={currentPassword}
        onValueChange={setCurrentPassword}
        error={form.fieldError('currentPassword', ErrorCode.invalidCredentials)}
      />
      <NewPasswordField
        label="New password"
        value={newPassword}
        onValueChange={setNewPassword}
        email={user.email}
        error={form.fieldError('newPassword', ErrorCode.weakPassword)}
      />
      <SubmitButton pending={form.pending}>Change password</SubmitButton>
    </form>
  );
}
