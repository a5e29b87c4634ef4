/**
 * Re-anchoring threads after structural edits. y-prosemirror writes a paragraph join (and the tail of
 * a split) to the Y.Doc by deleting characters and inserting copies, so the relative positions of a
 * thread on those words point at deleted characters (see shared/src/manuscript/commentAnchors.ts).
 * The editor that made the edit still knows where the words went: its highlight ranges were mapped
 * through its own transactions. When the Y.Doc's answer differs from that mapping after purely local
 * edits, that editor writes the thread's anchor anew (comments root only).
 */

import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import { type CommentThread, reanchorThread } from '@galley/shared/manuscript/comments';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import type { ThreadEditorRange } from './commentRanges.ts';
import { anchorForRange, type IsLeaf } from './positions.ts';

/** Mapped ranges that still cover text but that the Y.Doc now places elsewhere (or nowhere). */
export function rangesToRepair(
  mapped: readonly ThreadEditorRange[],
  fresh: readonly ThreadEditorRange[],
  threads: readonly CommentThread[],
  pmDoc: ProseMirrorNode,
): ThreadEditorRange[] {
  const live = new Map(threads.map((thread) => [thread.id, thread]));
  const freshById = new Map(fresh.map((range) => [range.id, range]));
  const repairs: ThreadEditorRange[] = [];
  for (const range of mapped) {
    const thread = live.get(range.id);
    if (!thread || range.to > pmDoc.content.size) continue;
    const text = pmDoc.textBetween(range.from, range.to, '\n', '');
    if (text.length === 0) continue;
    const now = freshById.get(range.id);
    if (now && pmDoc.textBetween(now.from, now.to, '\n', '') === text) continue;
    repairs.push({ ...range, resolved: thread.resolved });
  }
  return repairs;
}

/** The fresh ranges with the repaired threads at their mapped places (what will be true once written). */
export function withRepairs(
  fresh: readonly ThreadEditorRange[],
  repairs: readonly ThreadEditorRange[],
): ThreadEditorRange[] {
  if (repairs.length === 0) return [...fresh];
  const repaired = new Set(repairs.map((range) => range.id));
  return [...fresh.filter((range) => !repaired.has(range.id)), ...repairs].sort((a, b) => a.from - b.from);
}

/** Writes the repaired anchors; the Y.Doc must show the same document as the ranges were computed on. */
export function writeRepairs(doc: Y.Doc, isLeaf: IsLeaf, repairs: readonly ThreadEditorRange[]): void {
  for (const range of repairs) {
    const anchor = anchorForRange(textRoot(doc), isLeaf, range.from, range.to);
    if (!anchor) continue;
    try {
      reanchorThread(doc, { threadId: range.id, anchorFrom: anchor.from, anchorTo: anchor.to });
    } catch {
      // The thread was deleted meanwhile, or its text is gone after all: nothing to repair.
    }
  }
}
