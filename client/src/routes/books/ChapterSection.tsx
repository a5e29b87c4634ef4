import { type BookDetail, type ChapterKind, ChapterTitleSchema } from '@galley/shared/api/books';
import { type FormEvent, useState } from 'react';
import {
  ErrorAlert,
  invalid,
  SelectField,
  SubmitButton,
  TextField,
  useFormAction,
} from '../../components/forms.tsx';
import { useOutbox } from '../../offline/OutboxProvider.tsx';
import { BookWordCount } from './chapters/BookWordCount.tsx';
import { ChapterList } from './chapters/ChapterList.tsx';
import { CHAPTER_KINDS } from './chapters/chapterKinds.ts';
import { useBookStats } from './chapters/useBookStats.ts';

/**
 * The chapters in reading order with the book's word count, each opening the editor; writers can add,
 * move, rename, re-kind and delete them (offline too: the writes wait in the outbox).
 */
export function ChapterSection({ book, canEdit }: { book: BookDetail; canEdit: boolean }) {
  const chapterIds = [...book.chapters].sort((a, b) => a.order - b.order).map((chapter) => chapter.id);
  const stats = useBookStats(book.id, chapterIds);
  return (
    <section aria-labelledby="chapters-heading">
      <h2 id="chapters-heading">Chapters</h2>
      <BookWordCount stats={stats} />
      <ChapterList book={book} canEdit={canEdit} counts={stats.status === 'ready' ? stats.chapters : null} />
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
        options={CHAPTER_KINDS}
      />
      <SubmitButton pending={pending}>Add chapter</SubmitButton>
    </form>
  );
}
