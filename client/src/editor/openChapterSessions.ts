import type { ChapterSessionModel } from './chapterSessionModel.ts';

/**
 * The chapters open in this tab, by doc name. An image upload that finishes while its chapter is open
 * here resolves the image in that session's doc (the one the editor shows and syncs) instead of
 * opening a second copy of the chapter beside it.
 */
const sessions = new Map<string, ChapterSessionModel>();

export function noteChapterOpen(model: ChapterSessionModel): void {
  sessions.set(model.docName, model);
}

export function noteChapterClosed(model: ChapterSessionModel): void {
  if (sessions.get(model.docName) === model) sessions.delete(model.docName);
}

export function openChapterSession(docName: string): ChapterSessionModel | null {
  return sessions.get(docName) ?? null;
}
