import { MEDIA_ALT_MAX, MEDIA_CAPTION_MAX, MEDIA_CREDIT_MAX } from '@galley/shared/api/media';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { TextField } from '../../components/forms.tsx';
import type { ImageTextProblems, ImageTextsInput } from './imageTexts.ts';

/**
 * A modal <dialog> open while mounted (focus stays inside; Escape closes it). It is portalled to the
 * body: inside the editor's DOM ProseMirror would take its keystrokes, and inside the toolbar the arrow
 * keys would move between buttons instead of the caret.
 */
export function ImageModal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return createPortal(
    <dialog
      ref={ref}
      className="dialog image-dialog"
      aria-labelledby={headingId}
      onClose={onClose}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id={headingId}>{title}</h2>
      {children}
    </dialog>,
    document.body,
  );
}

/** Alternative text (required), caption and credit, with the problems next to their fields. */
export function ImageTextFields({
  value,
  onChange,
  problems,
}: {
  value: ImageTextsInput;
  onChange: (value: ImageTextsInput) => void;
  problems: ImageTextProblems;
}) {
  return (
    <>
      <TextField
        label="Alternative text (required)"
        value={value.alt}
        onValueChange={(alt) => onChange({ ...value, alt })}
        aria-required="true"
        maxLength={MEDIA_ALT_MAX}
        hint="What the image shows, for readers who cannot see it."
        error={problems.alt}
      />
      <TextField
        label="Caption (optional)"
        value={value.caption}
        onValueChange={(caption) => onChange({ ...value, caption })}
        maxLength={MEDIA_CAPTION_MAX}
        error={problems.caption}
      />
      <TextField
        label="Credit (optional)"
        value={value.credit}
        onValueChange={(credit) => onChange({ ...value, credit })}
        maxLength={MEDIA_CREDIT_MAX}
        error={problems.credit}
      />
    </>
  );
}

/** Moves focus to the first field the check flagged, so keyboard and screen-reader users land on it. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
