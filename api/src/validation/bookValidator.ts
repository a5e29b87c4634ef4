import type { BookDetail, ChapterSummary } from '@galley/shared/api/books';
import { ValidationCode, type ValidationProblem, type ValidationReport } from '@galley/shared/api/validation';
import type * as Y from 'yjs';
import { type BookTargets, type ChapterUnderCheck, checkChapter } from './chapterRules.ts';
import { walkChapter } from './manuscriptWalker.ts';
import { type CoverFacts, checkMetadata } from './metadataRules.ts';

export interface BookUnderCheck {
  book: BookDetail;
  /** Each chapter of `book.chapters` with its merged Y.Doc, in reading order. */
  chapters: { chapter: ChapterSummary; doc: Y.Doc }[];
  cover: CoverFacts;
  checkedAt: string;
}

/**
 * One validation run: metadata first, then chapters in reading order, so the report reads like the
 * book. Pure: loading the documents and the cover is the caller's job.
 */
export function validateBook(input: BookUnderCheck): ValidationReport {
  const chapters: ChapterUnderCheck[] = input.chapters.map(({ chapter, doc }) => ({
    id: chapter.id,
    title: chapter.title,
    kind: chapter.kind,
    doc,
    walk: walkChapter(doc),
  }));
  const targets = bookTargets(chapters);
  const problems: ValidationProblem[] = [...checkMetadata(input.book, input.cover)];
  if (chapters.length === 0) {
    problems.push({
      code: ValidationCode.bookHasNoChapters,
      severity: 'error',
      message: 'The book has no chapters.',
      where: { kind: 'book' },
    });
  }
  for (const chapter of chapters) problems.push(...checkChapter(chapter, targets));
  return {
    bookId: input.book.id,
    bookVersion: input.book.version,
    checkedAt: input.checkedAt,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    problems,
  };
}

function bookTargets(chapters: ChapterUnderCheck[]): BookTargets {
  const anchorIds = new Set<string>();
  for (const chapter of chapters) {
    for (const node of chapter.walk.nodes) {
      if (typeof node.attrs.id === 'string' && node.attrs.id !== '') anchorIds.add(node.attrs.id);
    }
  }
  return { chapterIds: new Set(chapters.map((c) => c.id)), anchorIds };
}
