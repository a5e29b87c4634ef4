import { MAX_COMMENT_BODY_LENGTH } from '@galley/shared/manuscript/comments';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

interface CommentComposerProps {
  label: string;
  submitLabel: string;
  initialBody?: string;
  /** Names people can mention, shown as a hint. */
  mentionHint?: string;
  autoFocus?: boolean;
  /** Returns false when the comment was refused (the panel shows why); the text is then kept. */
  onSubmit(body: string): boolean;
  onCancel?(): void;
}

/** A textarea for a comment, reply or edit: Ctrl/⌘+Enter sends, Escape cancels. */
export function CommentComposer({
  label,
  submitLabel,
  initialBody = '',
  mentionHint,
  autoFocus = false,
  onSubmit,
  onCancel,
}: CommentComposerProps) {
  const id = useId();
  const [body, setBody] = useState(initialBody);
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (autoFocus) textarea.current?.focus();
  }, [autoFocus]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim()) return;
    if (onSubmit(body)) setBody('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
    else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form className="comment-composer" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        ref={textarea}
        value={body}
        rows={2}
        maxLength={MAX_COMMENT_BODY_LENGTH}
        placeholder={label}
        aria-describedby={mentionHint ? `${id}-hint` : undefined}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {mentionHint ? (
        <p id={`${id}-hint`} className="field-hint">
          {mentionHint}
        </p>
      ) : null}
      <div className="comment-actions">
        <button type="submit" className="button button-primary" disabled={!body.trim()}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
