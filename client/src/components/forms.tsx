import { ErrorCode } from '@galley/shared/errors';
import {
  type InputHTMLAttributes,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { ApiError, type FieldIssue } from '../api/apiError.ts';

/** A client-side check failed: same shape as the api's 400 so one code path shows both. */
export function invalid(issues: FieldIssue[]): ApiError {
  return new ApiError(0, ErrorCode.validationFailed, 'Check the highlighted fields.', undefined, issues);
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', error instanceof Error ? error.message : 'Something went wrong.');
}

/**
 * Runs a form's action: tracks pending, keeps the error, and moves focus to the first invalid field
 * (or to the alert when no field is to blame) so keyboard and screen-reader users land on the problem.
 */
export function useFormAction() {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!error || !formRef.current) return;
    const target =
      formRef.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      formRef.current.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [error]);

  const run = useCallback(async <T,>(task: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await task();
    } catch (caught) {
      setError(asApiError(caught));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  /**
   * The message for one field. `codes` names errors without field issues that still belong to this
   * field (e.g. `email_taken` → the email input), so they are shown and focused there too.
   */
  const fieldError = useCallback(
    (path: string, ...codes: string[]) =>
      error?.fieldMessage(path) ?? (error && codes.includes(error.code) ? error.message : undefined),
    [error],
  );
  return { formRef, pending, error, setError, run, fieldError };
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onValueChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
}

export function TextField({ label, value, onValueChange, error, hint, id, ...input }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level error. role="alert" makes screen readers announce it as soon as it appears. */
export function ErrorAlert({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1}>
      {error.message}
      {error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} seconds.` : null}
    </div>
  );
}

export function SuccessNote({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {children}
    </div>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      className="button button-primary"
      disabled={pending}
      aria-busy={pending || undefined}
    >
      {pending ? 'Working…' : children}
    </button>
  );
}

/** A password the user already has (sign-in, or proving it is them again): one spelling everywhere. */
export function CurrentPasswordField(props: Omit<TextFieldProps, 'type' | 'autoComplete' | 'required'>) {
  return <TextField type="password" autoComplete="current-password" required {...props} />;
}

interface SelectFieldProps {
  label: string;
  value: string;
  onValueChange(value: string): void;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: string | undefined;
}

export function SelectField({ label, value, onValueChange, options, error }: SelectFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface TextAreaFieldProps {
  label: string;
  value: string;
  onValueChange(value: string): void;
  maxLength?: number;
  error?: string | undefined;
}

export function TextAreaField({ label, value, onValueChange, maxLength, error }: TextAreaFieldProps) {
  const id = useId();
  const countId = `${id}-count`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        rows={4}
        maxLength={maxLength}
        onChange={(event) => onValueChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [maxLength ? countId : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
        }
      />
      {maxLength ? (
        <div id={countId} className="field-hint">
          {value.length} of {maxLength} characters
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Password managers file a password under its account; forms that ask only for a password carry the
 * account name hidden, as Chrome recommends.
 */
export function HiddenUsername({ email }: { email: string }) {
  return <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />;
}
