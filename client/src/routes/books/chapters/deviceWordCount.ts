import { countChapterDoc, sumCounts, type TextCounts } from '@galley/shared/manuscript/wordCount';
import { chapterDocName } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';
import type { GalleyDb } from '../../../offline/db.ts';

export interface DeviceCounts extends TextCounts {
  /** Counts of the chapters this device holds; the others are missing, not zero. */
  chapters: Map<string, TextCounts>;
}

/**
 * Word counts from the chapters kept on this device (their IndexedDB update logs), for when the api
 * cannot be reached. Read-only: the logs are replayed into throwaway documents.
 */
export async function countOnDevice(
  db: GalleyDb,
  bookId: string,
  chapterIds: readonly string[],
): Promise<DeviceCounts> {
  const chapters = new Map<string, TextCounts>();
  for (const chapterId of chapterIds) {
    const rows = await db.docUpdates.where('docName').equals(chapterDocName(bookId, chapterId)).sortBy('id');
    if (rows.length === 0) continue;
    const doc = new Y.Doc();
    try {
      for (const row of rows) Y.applyUpdate(doc, row.update);
      chapters.set(chapterId, countChapterDoc(doc));
    } finally {
      doc.destroy();
    }
  }
  return { ...sumCounts([...chapters.values()]), chapters };
}
