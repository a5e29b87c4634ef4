import { useId } from 'react';
import { passwordHints } from '../auth/passwordHints.ts';
import { TextField } from './forms.tsx';

interface Props {
  label: string;
  value: string;
  onValueChange(value: string): void;
  email: string;
  error?: string | undefined;
  autoComplete?: string;
}

/** A new-password input with the policy's hints ticking off as the user types. */
export function NewPasswordField({
  label,
  value,
  onValueChange,
  email,
  error,
  autoComplete = 'new-password',
}: Props) {
  const listId = useId();
  const hints = passwordHints(value, email);
  return (
    <TextField
      label={label}
      type="password"
      value={value}
      onValueChange={onValueChange}
      autoComplete={autoComplete}
      required
      error={error}
      hint={
        <ul id={listId} className="password-hints" aria-label="Password rules">
          {hints.map((hint) => (
            <li
              key={hint.id}
              className={hint.met === null ? 'hint-pending' : hint.met ? 'hint-met' : 'hint-unmet'}
            >
              <span aria-hidden="true">{hint.met === null ? '○' : hint.met ? '✓' : '✗'}</span> {hint.label}
              <span className="visually-hidden">
                {hint.met === null ? '' : hint.met ? ' (met)' : ' (not met)'}
              </span>
            </li>
          ))}
        </ul>
      }
    />
  );
}
