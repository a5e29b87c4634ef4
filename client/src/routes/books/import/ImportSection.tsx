import type { ChapterSummary } from '@galley/shared/api/books';
import { type FormEvent, useEffect, useState } from 'react';
import { SubmitButton } from '../../../components/forms.tsx';
import { ImportProgress } from './ImportProgress.tsx';
import { IMPORT_ACCEPT } from './importApi.ts';
import { useImportJob } from './useImportJob.ts';

/**
 * "Import chapters" on the book page, for those who may edit its chapters: a Word or Markdown file's
 * chapters are added after the last one. `onImported` reloads the book so the new chapters show.
 */
export function ImportSection({
  bookId,
  chapters,
  onImported,
}: {
  bookId: string;
  chapters: ChapterSummary[];
  onImported(): void;
}) {
  const { state, start } = useImportJob();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const busy = state.phase === 'uploading' || state.phase === 'running';

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload once per finished job
  useEffect(() => {
    if (state.phase === 'done') onImported();
  }, [state.phase === 'done' ? state.job.id : null]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    await start(file, (imports, upload) =>
      imports.intoBook(bookId, { ...upload, fileName: file.name.slice(0, 255) }),
    );
    setFile(null);
    setInputKey((k) => k + 1);
  };

  return (
    <section aria-labelledby="import-heading" className="import-section">
      <h2 id="import-heading">Import chapters</h2>
      <form onSubmit={submit} aria-label="Import chapters from a file">
        <div className="field">
          <label htmlFor="import-file">Word (.docx) or Markdown (.md) file, up to 20 MB</label>
          <input
            key={inputKey}
            id="import-file"
            type="file"
            accept={IMPORT_ACCEPT}
            disabled={busy}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <p className="hint">
            Each top-level heading starts a chapter, added after the last one. Bold, italics, links, lists,
            tables, footnotes and images come along.
          </p>
        </div>
        <SubmitButton pending={busy}>Import</SubmitButton>
      </form>
      <ImportProgress state={state} chapters={chapters} />
    </section>
  );
}
