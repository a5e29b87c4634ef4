/**
 * Keeping comment threads on their words when the author's own edit re-creates them in the Y.Doc.
 *
 * y-prosemirror writes a paragraph join (and the tail of a split, a lift, a wrap, a whole-block
 * replace, a drag) by deleting Y characters and inserting copies. A thread's anchors are relative
 * positions naming the deleted characters, so the Y.Doc alone would call the thread "on deleted
 * text" (see shared/src/manuscript/commentAnchors.ts) while its words are still on screen. The
 * author's editor knows better: its steps say where each character went (characterFollow.ts).
 *
 * So the write of an edit to the Y.Doc is wrapped: before it, the threads whose ranges the edit
 * touched are read in editor positions (the Y.Doc still holds the document before the edit); after
 * it, inside the same Yjs transaction, each of them whose Y.Doc range no longer matches where its
 * words went is anchored anew on the new characters. Same transaction, same origin as the edit:
 * collaborators receive the text and the moved anchor in one update and never see the thread lost.
 * The anchors replaced are returned so the editor can bring a thread back onto its text after an
 * undo of the edit (undoAnchors.ts).
 */
import { decodeAnchorPoint, textRoot } from '@galley/shared/manuscript/commentAnchors';
import { commentsRoot, reanchorThread } from '@galley/shared/manuscript/comments';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Mapping } from '@tiptap/pm/transform';
import * as Y from 'yjs';
import { CharacterFollower, type EditStep, followRange, replacedRanges } from './characterFollow.ts';
import { anchorInRuns, type IsLeaf, type TextRun, textRunsAndSize } from './positions.ts';
import { type AnchorPair, pairOf } from './undoAnchors.ts';

/** An edit of the author's since the Y.Doc last held the editor's document. */
export interface LocalEdit {
  /** What the Y.Doc holds before the write. */
  before: ProseMirrorNode;
  /** What is being written. */
  after: ProseMirrorNode;
  steps: readonly EditStep[];
}

/** A thread this write moved, with the anchors it had (the undo of the edit may need them back). */
export interface Reanchored {
  id: string;
  before: AnchorPair;
  after: AnchorPair;
}

interface ThreadSpan {
  id: string;
  from: number;
  to: number;
}

/**
 * Runs `write` (which must make the Y.Doc hold `edit.after`) and re-anchors the threads it would
 * otherwise move off their words; returns them. Call it inside the Yjs transaction of the
 * write. A thread whose words the edit deleted is left alone: it is on deleted text, as it should be.
 */
export function followAnchorsAcrossWrite(
  doc: Y.Doc,
  isLeaf: IsLeaf,
  edit: LocalEdit,
  write: () => void,
): Reanchored[] {
  let touched: ThreadSpan[] = [];
  try {
    touched = threadsTouchedBy(doc, isLeaf, edit);
  } finally {
    // The edit is written whatever happens here: the Y.Doc must never disagree with the editor.
    write();
  }
  return touched.length > 0 ? reanchorFollowed(doc, isLeaf, edit, touched) : [];
}

/**
 * Threads whose range (in `edit.before`) lies in the stretch of top-level blocks the write may
 * re-create: y-prosemirror keeps the unchanged blocks at both ends of the document and rewrites the
 * ones in between in place, so a block moved from the end to the start rewrites every block between.
 */
function threadsTouchedBy(doc: Y.Doc, isLeaf: IsLeaf, edit: LocalEdit): ThreadSpan[] {
  const edited = editedRanges(edit.steps).map(([from, to]) => blocksAround(edit.before, from, to));
  if (edited.length === 0 || commentsRoot(doc).size === 0) return [];
  const first = Math.min(...edited.map(([from]) => from));
  const last = Math.max(...edited.map(([, to]) => to));
  const { runs, size } = textRunsAndSize(textRoot(doc), isLeaf);
  // The Y.Doc must hold the document the steps start from, or their positions mean nothing here.
  if (size !== edit.before.content.size) return [];
  return threadSpans(doc, runs).filter((span) => span.from <= last && first <= span.to);
}

/** The ranges each step replaced, in positions of the document before the edit. */
function editedRanges(steps: readonly EditStep[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  steps.forEach((step, index) => {
    const toBefore = new Mapping(steps.slice(0, index).map((earlier) => earlier.map)).invert();
    for (const [oldStart, oldEnd] of replacedRanges(step.map)) {
      ranges.push([toBefore.map(oldStart, -1), toBefore.map(oldEnd, 1)]);
    }
  });
  return ranges;
}

/**
 * The top-level blocks around a replaced range (and the neighbours of a point between blocks):
 * y-prosemirror re-creates whole blocks when their shape changes, e.g. all the text of a paragraph
 * joined to the one before it, though the step itself only replaced the boundary between them.
 */
function blocksAround(pmDoc: ProseMirrorNode, from: number, to: number): [number, number] {
  const $from = pmDoc.resolve(from);
  const $to = pmDoc.resolve(to);
  return [
    $from.depth > 0 ? $from.before(1) : from - ($from.nodeBefore?.nodeSize ?? 0),
    $to.depth > 0 ? $to.after(1) : to + ($to.nodeAfter?.nodeSize ?? 0),
  ];
}

/** Every thread on text, with its range in editor positions of the document the Y.Doc holds. */
function threadSpans(doc: Y.Doc, runs: readonly TextRun[]): ThreadSpan[] {
  const starts = new Map(runs.map((run) => [run.text, run.start]));
  const spans: ThreadSpan[] = [];
  commentsRoot(doc).forEach((thread, id) => {
    if (!(thread instanceof Y.Map)) return;
    const span = spanOf(doc, starts, thread);
    if (span) spans.push({ id, ...span });
  });
  return spans;
}

function spanOf(
  doc: Y.Doc,
  starts: ReadonlyMap<Y.XmlText, number>,
  thread: Y.Map<unknown>,
): { from: number; to: number } | null {
  const anchorFrom = thread.get('anchorFrom');
  const anchorTo = thread.get('anchorTo');
  if (!(anchorFrom instanceof Uint8Array && anchorTo instanceof Uint8Array)) return null;
  const from = decodeAnchorPoint(doc, anchorFrom);
  const to = decodeAnchorPoint(doc, anchorTo);
  const fromStart = from && starts.get(from.text);
  const toStart = to && starts.get(to.text);
  if (!from || !to || fromStart == null || toStart == null) return null;
  const span = { from: fromStart + from.index, to: toStart + to.index };
  return span.from < span.to ? span : null;
}

function reanchorFollowed(doc: Y.Doc, isLeaf: IsLeaf, edit: LocalEdit, touched: ThreadSpan[]): Reanchored[] {
  const follower = new CharacterFollower(edit.steps);
  const { runs } = textRunsAndSize(textRoot(doc), isLeaf);
  const now = new Map(threadSpans(doc, runs).map((span) => [span.id, span]));
  const reanchored: Reanchored[] = [];
  for (const thread of touched) {
    const followed = followRange(follower, edit.before, thread.from, thread.to);
    if (!followed || followed.to > edit.after.content.size) continue;
    const current = now.get(thread.id);
    if (current && current.from === followed.from && current.to === followed.to) continue;
    const anchor = anchorInRuns(runs, followed.from, followed.to);
    if (!anchor) continue;
    const map = commentsRoot(doc).get(thread.id) as Y.Map<unknown>;
    const before = pairOf(map);
    reanchorThread(doc, { threadId: thread.id, anchorFrom: anchor.from, anchorTo: anchor.to });
    const after = pairOf(map);
    if (before && after) reanchored.push({ id: thread.id, before, after });
  }
  return reanchored;
}
