import { chapterDocName } from '@galley/shared/sync/protocol';
import type { DocStorage } from '@galley/sync-server/storage/docStorage';
import * as Y from 'yjs';
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
  const loaded = await storage.load(chapterDocName(bookId, chapterId));
  const doc = new Y.Doc();
  try {
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    return readManuscript(doc);
  } finally {
    doc.destroy();
  }
}
