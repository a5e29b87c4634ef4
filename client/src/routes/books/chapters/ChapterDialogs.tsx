import { type ChapterSummary, ChapterTitleSchema } from '@galley/shared/api/books';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { TextField } from '../../../components/forms.tsx';

/**
 * A modal <dialog> open while mounted. Its content closes it through `close`, which lets the browser
 * give focus back to the button that opened it; Escape does the same. Then `onClose` unmounts it.
 */
function Modal({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: (close: () => void) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={headingId} onClose={onClose}>
      <h2 id={headingId}>{title}</h2>
      {children(() => ref.current?.close())}
    </dialog>
  );
}

export function RenameChapterDialog({
  chapter,
  onRename,
  onClose,
}: {
  chapter: ChapterSummary;
  onRename: (title: string) => void;
  onClose: () => void;
}) {
  const [title, setTitle] = useState(chapter.title);
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent, close: () => void) => {
    event.preventDefault();
    const parsed = ChapterTitleSchema.safeParse(title);
    if (!parsed.success) {
      setError('Give the chapter a title (up to 200 characters).');
      return;
    }
    if (parsed.data !== chapter.title) onRename(parsed.data);
    close();
  };
  return (
    <Modal title={`Rename “${chapter.title}”`} onClose={onClose}>
      {(close) => (
        <form onSubmit={(event) => submit(event, close)} noValidate>
          <TextField label="Chapter title" value={title} onValueChange={setTitle} error={error} />
          <div className="actions">
            <button type="submit" className="button button-primary">
              Save title
            </button>
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

export function DeleteChapterDialog({
  chapter,
  onDelete,
  onClose,
}: {
  chapter: ChapterSummary;
  onDelete: () => void;
  onClose: () => void;
}) {
  return (
    <Modal title={`Delete “${chapter.title}”?`} onClose={onClose}>
      {(close) => (
        <>
          <p>“{chapter.title}” and its text leave the book for everyone working on it.</p>
          {/* Cancel comes first, so the open dialog focuses it: the safe choice is the one Enter takes. */}
          <div className="actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                onDelete();
                close();
              }}
            >
              Delete chapter
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
