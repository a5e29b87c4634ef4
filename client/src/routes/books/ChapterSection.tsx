import { type BookDetail, type ChapterKind, ChapterTitleSchema } from '@galley/shared/api/books';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import {
  ErrorAlert,
  invalid,
  SelectField,
  SubmitButton,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { useOutbox } from '../../offline/OutboxProvider.tsx';

const KIND_OPTIONS: { value: ChapterKind; label: string }[] = [
  { value: 'chapter', label: 'Chapter' },
  { value: 'front_matter', label: 'Front matter' },
  { value: 'part', label: 'Part' },
  { value: 'back_matter', label: 'Back matter' },
];
const kindLabel = (kind: ChapterKind) => KIND_OPTIONS.find((option) => option.value === kind)?.label ?? kind;

/** The chapters in reading order, each opening the editor; writers can add one (offline too). */
export function ChapterSection({ book, canEdit }: { book: BookDetail; canEdit: boolean }) {
  const chapters = [...book.chapters].sort((a, b) => a.order - b.order);
  return (
    <section aria-labelledby="chapters-heading">
      <h2 id="chapters-heading">Chapters</h2>
      {chapters.length === 0 ? (
        <p className="empty">This book has no chapters yet.</p>
      ) : (
        <ol className="chapter-list">
          {chapters.map((chapter) => (
            <li key={chapter.id}>
              <Link to={`/books/${encodeURIComponent(book.id)}/chapters/${encodeURIComponent(chapter.id)}`}>
                {chapter.title}
              </Link>
              {chapter.kind === 'chapter' ? null : <span className="badge">{kindLabel(chapter.kind)}</span>}
            </li>
          ))}
        </ol>
      )}
      {canEdit ? <AddChapterForm bookId={book.id} /> : null}
    </section>
  );
}

function AddChapterForm({ bookId }: { bookId: string }) {
  const { outbox } = useOutbox();
  const { formRef, pending, error, run, fieldError } = useFormAction();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ChapterKind>('chapter');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const parsed = ChapterTitleSchema.safeParse(title);
      if (!parsed.success)
        throw invalid([{ path: 'title', message: 'Give the chapter a title (up to 200 characters).' }]);
      // The id is chosen here so the chapter can be opened and written in before the server has it.
      await outbox.enqueue({
        kind: 'createChapter',
        bookId,
        chapterId: crypto.randomUUID(),
        title: parsed.data,
        chapterKind: kind,
      });
      setTitle('');
    });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="inline-form" aria-label="Add a chapter">
      <ErrorAlert error={error} />
      <TextField
        label="New chapter title"
        value={title}
        onValueChange={setTitle}
        error={fieldError('title')}
      />
      <SelectField
        label="Kind"
        value={kind}
        onValueChange={(value) => setKind(value as ChapterKind)}
        options={KIND_OPTIONS}
      />
      <SubmitButton pending={pending}>Add chapter</SubmitButton>
    </form>
  );
}
