import type { DocStorage } from '@galley/sync-server/storage/docStorage';
import { loadChapterDoc } from '../manuscripts/chapterDocs.ts';
import { readManuscript, type TreeNode } from './xhtml/manuscriptTree.ts';

/**
 * A chapter's merged state as the sync server stored it (latest snapshot + the log after it), read
 * through the sync server's own DocStorage so the exporter sees exactly what editors saw saved.
 */
export async function loadChapterTree(
  storage: DocStorage,
  bookId: string,
  chapterId: string,
): Promise<TreeNode> {
  const doc = await loadChapterDoc(storage, bookId, chapterId);
  try {
    return readManuscript(doc);
  } finally {
    doc.destroy();
  }
}
