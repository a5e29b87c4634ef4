import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import type { CommentThread } from '@galley/shared/manuscript/comments';
import type * as Y from 'yjs';
import { editorPosition, type IsLeaf, runsByPath, textRuns } from './positions.ts';

/** A thread's range in editor positions, as the highlights and "show in text" need it. */
export interface ThreadEditorRange {
  id: string;
  from: number;
  to: number;
  resolved: boolean;
}

/**
 * Editor ranges of every thread still on text, from one walk of the manuscript tree (a listing
 * costs one walk however many threads there are). Ranges outside 0..docSize, which happen only
 * while the editor has not yet rendered what the Y.Doc holds, are dropped until the next refresh.
 */
export function threadEditorRanges(
  doc: Y.Doc,
  threads: readonly CommentThread[],
  isLeaf: IsLeaf,
  docSize: number,
): ThreadEditorRange[] {
  const runs = runsByPath(textRuns(textRoot(doc), isLeaf));
  const ranges: ThreadEditorRange[] = [];
  for (const thread of threads) {
    if (thread.anchor.onDeletedText) continue;
    const from = editorPosition(runs, thread.anchor.from);
    const to = editorPosition(runs, thread.anchor.to);
    if (from === null || to === null || from >= to || from < 0 || to > docSize) continue;
    ranges.push({ id: thread.id, from, to, resolved: thread.resolved });
  }
  return ranges;
}
