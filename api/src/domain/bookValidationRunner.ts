import type { ValidationReport } from '@galley/shared/api/validation';
import { imageSize } from 'image-size';
import type { AppDeps } from '../deps.ts';
import { getBookCover } from '../export/bookMedia.ts';
import { chapterStorageFor, loadChapterDoc, mapBounded } from '../manuscripts/chapterDocs.ts';
import { presentBookDetail } from '../presenters/presentBook.ts';
import { listChapters } from '../store/booksRepo.ts';
import { validateBook } from '../validation/bookValidator.ts';
import type { CoverFacts } from '../validation/metadataRules.ts';
import type { GuardedBook } from './bookGuard.ts';

/** Chapters read from storage at once: enough to hide latency, few enough not to flood DynamoDB. */
const PARALLEL_CHAPTER_READS = 8;

/**
 * Validates a book as it is stored now: its metadata, its cover and every chapter's merged document
 * (read from the sync server's storage). Reads only; the rules themselves are pure.
 */
export async function runBookValidation(deps: AppDeps, guarded: GuardedBook): Promise<ValidationReport> {
  const { book } = guarded;
  const chapters = await listChapters(deps, book.id, { consistent: true });
  const detail = presentBookDetail(book, guarded, chapters);
  const storage = chapterStorageFor(deps);
  const [docs, cover] = await Promise.all([
    mapBounded(detail.chapters, PARALLEL_CHAPTER_READS, (chapter) =>
      loadChapterDoc(storage, book.id, chapter.id),
    ),
    coverFacts(deps, book.id),
  ]);
  try {
    return validateBook({
      book: detail,
      chapters: detail.chapters.map((chapter, index) => ({ chapter, doc: docs[index]! })),
      cover,
      checkedAt: new Date(deps.now()).toISOString(),
    });
  } finally {
    for (const doc of docs) doc.destroy();
  }
}

async function coverFacts(deps: AppDeps, bookId: string): Promise<CoverFacts> {
  const bytes = await getBookCover(deps, bookId);
  if (!bytes) return null;
  try {
    const { width, height } = imageSize(bytes);
    return { width, height };
  } catch {
    // Not an image we can measure: report it as too small rather than pretend it is fine.
    return { width: 0, height: 0 };
  }
}
