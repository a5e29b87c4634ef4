import type { BookDetail, ChapterKind, ChapterSummary } from '@galley/shared/api/books';
import { useMemo } from 'react';
import { readingOrder } from '../../../offline/chapterOps.ts';
import { useOutbox } from '../../../offline/OutboxProvider.tsx';

/**
 * The chapter writes a writer makes from the book page. Each goes into the outbox (so it works
 * offline and replays in order), made on the book as the user sees it, queued writes included.
 */
export function useChapterWrites(book: BookDetail) {
  const { outbox } = useOutbox();
  return useMemo(() => {
    const update = (chapter: ChapterSummary, patch: { title?: string; kind?: ChapterKind }) =>
      outbox.enqueue({
        kind: 'updateChapter',
        bookId: book.id,
        chapterId: chapter.id,
        patch,
        baseVersion: chapter.version,
        base: Object.fromEntries(
          Object.keys(patch).map((field) => [field, chapter[field as 'title' | 'kind']]),
        ),
      });
    return {
      rename: (chapter: ChapterSummary, title: string) => update(chapter, { title }),
      setKind: (chapter: ChapterSummary, kind: ChapterKind) => update(chapter, { kind }),
      /** `from`: the order on screen when the move was made (a move not yet back from the outbox included). */
      reorder: (chapterIds: string[], from: readonly string[]) =>
        outbox.enqueue({
          kind: 'reorderChapters',
          bookId: book.id,
          chapterIds,
          baseVersion: book.version,
          base: from.length ? [...from] : readingOrder(book),
          titles: Object.fromEntries(book.chapters.map((chapter) => [chapter.id, chapter.title])),
        }),
      remove: (chapter: ChapterSummary) =>
        outbox.enqueue({
          kind: 'deleteChapter',
          bookId: book.id,
          chapterId: chapter.id,
          title: chapter.title,
        }),
    };
  }, [outbox, book]);
}
