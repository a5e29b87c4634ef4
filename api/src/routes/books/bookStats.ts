import type { BookStats } from '@galley/shared/api/bookStats';
import { countChapterDoc, sumCounts } from '@galley/shared/manuscript/wordCount';
import type { AppDeps } from '../../deps.ts';
import type { GuardedBook } from '../../domain/bookGuard.ts';
import { chapterStorageFor, loadChapterDoc, mapBounded } from '../../manuscripts/chapterDocs.ts';
import { listChapters } from '../../store/booksRepo.ts';

/** Chapters read from storage at once: enough to hide latency, few enough not to flood DynamoDB. */
const PARALLEL_CHAPTER_READS = 8;

/** Counts every chapter of the book as stored now, in reading order; a chapter never written counts zero. */
export async function countBook(deps: AppDeps, { book }: GuardedBook): Promise<BookStats> {
  const chapters = await listChapters(deps, book.id, { consistent: true });
  const storage = chapterStorageFor(deps);
  const counted = await mapBounded(chapters, PARALLEL_CHAPTER_READS, async (chapter) => {
    const doc = await loadChapterDoc(storage, book.id, chapter.id);
    try {
      return { chapterId: chapter.id, ...countChapterDoc(doc) };
    } finally {
      doc.destroy();
    }
  });
  return { bookId: book.id, bookVersion: book.version, ...sumCounts(counted), chapters: counted };
}
