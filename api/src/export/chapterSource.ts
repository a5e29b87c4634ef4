import * as Y from 'yjs';
import type { VersionSide } from '../versions/versionSides.ts';
import { readManuscript, type TreeNode } from './xhtml/manuscriptTree.ts';

/**
 * A chapter's manuscript at one end of the book's history: the live book (latest snapshot + the log
 * after it, as the sync server stored it, so the exporter sees exactly what editors saw saved) or a
 * named version's saved state. Both come through the versions' own VersionSide, so an export of a
 * version reads the very bytes that opening or comparing that version reads.
 */
export async function loadChapterTree(side: VersionSide, chapterId: string): Promise<TreeNode> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, await side.stateOf(chapterId));
    return readManuscript(doc);
  } finally {
    doc.destroy();
  }
}
