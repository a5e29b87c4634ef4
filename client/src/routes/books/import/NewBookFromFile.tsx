import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { SubmitButton, TextField } from '../../../components/forms.tsx';
import { ImportProgress } from './ImportProgress.tsx';
import { IMPORT_ACCEPT } from './importApi.ts';
import { useImportJob } from './useImportJob.ts';

/**
 * "New book from a file" on the library page: the file becomes a new book (titled as asked, or after
 * the file), and the new book opens once the import is done.
 */
export function NewBookFromFile() {
  const { state, start } = useImportJob();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const busy = state.phase === 'uploading' || state.phase === 'running';

  const newBookId = state.phase === 'done' ? state.job.result?.bookId : undefined;
  useEffect(() => {
    if (newBookId) navigate(`/books/${encodeURIComponent(newBookId)}`);
  }, [newBookId, navigate]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const trimmed = title.trim();
    await start(file, (imports, upload) =>
      imports.newBook({
        ...upload,
        fileName: file.name.slice(0, 255),
        ...(trimmed ? { title: trimmed } : {}),
      }),
    );
  };

  return (
    <details className="new-book-from-file">
      <summary>New book from a file</summary>
      <form onSubmit={submit} aria-label="New book from a file">
        <div className="field">
          <label htmlFor="new-book-file">Word (.docx) or Markdown (.md) file, up to 20 MB</label>
          <input
            id="new-book-file"
            type="file"
            accept={IMPORT_ACCEPT}
            disabled={busy}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <TextField
          label="Title"
          value={title}
          onValueChange={setTitle}
          maxLength={200}
          hint="Leave empty to name the book after the file."
        />
        <SubmitButton pending={busy}>Create the book</SubmitButton>
      </form>
      <ImportProgress state={state} chapters={[]} />
    </details>
  );
}
