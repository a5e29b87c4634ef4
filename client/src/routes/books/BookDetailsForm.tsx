import { type BookDetail, BookUpdateRequestSchema } from '@galley/shared/api/books';
import { type FormEvent, useState } from 'react';
import {
  ErrorAlert,
  invalid,
  SubmitButton,
  SuccessNote,
  TextAreaField,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { useOutbox } from '../../offline/OutboxProvider.tsx';
import type { BookPatch } from '../../offline/outboxOps.ts';

/** The fields this form edits, as text inputs; empty means "not set" (null) for the optional ones. */
const FIELDS = ['title', 'subtitle', 'description', 'language', 'publisher', 'isbn', 'rights'] as const;
type Field = (typeof FIELDS)[number];
type Draft = Record<Field, string>;

const draftOf = (book: BookDetail): Draft => ({
  title: book.title,
  subtitle: book.subtitle ?? '',
  description: book.description ?? '',
  language: book.language ?? '',
  publisher: book.publisher ?? '',
  isbn: book.isbnDisplay ?? book.isbn ?? '',
  rights: book.rights ?? '',
});

/**
 * The book's details. Saving queues the change in the outbox (it is kept on this device at once and
 * sent when the network allows), so it works the same online and offline. Checked with the api's own
 * schema first, so a bad ISBN is named here rather than refused later.
 */
export function BookDetailsForm({ book, server }: { book: BookDetail; server: BookDetail }) {
  const { outbox } = useOutbox();
  const { formRef, pending, error, run, fieldError } = useFormAction();
  const [draft, setDraft] = useState<Draft>(() => draftOf(book));
  const [saved, setSaved] = useState(false);
  const set = (field: Field) => (value: string) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [field]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const before = draftOf(book);
      const changed = FIELDS.filter((field) => draft[field].trim() !== before[field].trim());
      if (changed.length === 0) return;
      const patch = Object.fromEntries(
        changed.map((field) => [
          field,
          field === 'title' || draft[field].trim() !== '' ? draft[field] : null,
        ]),
      );
      const parsed = BookUpdateRequestSchema.safeParse(patch);
      if (!parsed.success) {
        throw invalid(
          parsed.error.issues.map((issue) => ({ path: String(issue.path[0] ?? ''), message: issue.message })),
        );
      }
      const base = Object.fromEntries(
        changed.map((field) => [field, (book as Record<string, unknown>)[field] ?? null]),
      );
      await outbox.enqueue({
        kind: 'updateBook',
        bookId: book.id,
        patch: parsed.data as BookPatch,
        baseVersion: server.version,
        base,
      });
      setSaved(true);
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <ErrorAlert error={error} />
      <TextField
        label="Title"
        value={draft.title}
        onValueChange={set('title')}
        error={fieldError('title')}
        required
      />
      <TextField
        label="Subtitle"
        value={draft.subtitle}
        onValueChange={set('subtitle')}
        error={fieldError('subtitle')}
      />
      <TextAreaField
        label="Description"
        value={draft.description}
        onValueChange={set('description')}
        maxLength={10_000}
        error={fieldError('description')}
      />
      <TextField
        label="Language"
        value={draft.language}
        onValueChange={set('language')}
        error={fieldError('language')}
        hint="A language tag such as en, en-GB or pt-BR."
      />
      <TextField
        label="Publisher"
        value={draft.publisher}
        onValueChange={set('publisher')}
        error={fieldError('publisher')}
      />
      <TextField
        label="ISBN"
        value={draft.isbn}
        onValueChange={set('isbn')}
        error={fieldError('isbn')}
        hint="ISBN-13, or an ISBN-10 (converted)."
        inputMode="numeric"
      />
      <TextField
        label="Rights"
        value={draft.rights}
        onValueChange={set('rights')}
        error={fieldError('rights')}
      />
      {saved ? (
        <SuccessNote>Saved on this device; it is sent to the server as soon as it can be.</SuccessNote>
      ) : null}
      <SubmitButton pending={pending}>Save details</SubmitButton>
    </form>
  );
}
