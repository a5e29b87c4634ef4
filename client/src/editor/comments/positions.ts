/**
 * Editor (ProseMirror) positions ⇄ the Yjs text points comment anchors are made of.
 *
 * y-prosemirror mirrors the ProseMirror document in the `default` Y.XmlFragment one to one: each
 * node is a Y.XmlElement, each run of text between inline nodes one Y.XmlText. So a position can be
 * computed from the Yjs tree alone, with ProseMirror's sizes: a leaf node (hard break, scene break,
 * footnote) is 1, any other element 2 + its content, text its length. Only "is this node a leaf"
 * needs the editor's schema. We walk the Yjs tree rather than use y-prosemirror's binding mapping
 * because the mapping is private to the sync plugin; the walk gives the same numbers whenever the
 * editor shows what the Y.Doc holds, which is after every transaction the binding applies.
 */
import type { AnchorPoint, TextPoint } from '@galley/shared/manuscript/comments';
import * as Y from 'yjs';

/** Whether a node of this name is a ProseMirror leaf (size 1, no content); unknown names count as containers. */
export type IsLeaf = (nodeName: string) => boolean;

export function isLeafIn(schema: { nodes: Record<string, { isLeaf: boolean } | undefined> }): IsLeaf {
  return (nodeName) => schema.nodes[nodeName]?.isLeaf ?? false;
}

/** One Y.XmlText with the editor position of its first character and its path from the fragment. */
export interface TextRun {
  text: Y.XmlText;
  start: number;
  length: number;
  pathKey: string;
}

/** Every text run of the manuscript in document order, in one walk of the tree. */
export function textRuns(fragment: Y.XmlFragment, isLeaf: IsLeaf): TextRun[] {
  return textRunsAndSize(fragment, isLeaf).runs;
}

/** The text runs and the content size of the editor document the tree stands for, in the same walk. */
export function textRunsAndSize(fragment: Y.XmlFragment, isLeaf: IsLeaf): { runs: TextRun[]; size: number } {
  const runs: TextRun[] = [];
  const size = walk(fragment, 0, '', isLeaf, runs);
  return { runs, size };
}

/** Walks the children of `parent`, whose content starts at editor position `start`; returns the position after them. */
function walk(
  parent: Y.XmlFragment,
  start: number,
  parentKey: string,
  isLeaf: IsLeaf,
  runs: TextRun[],
): number {
  let position = start;
  parent.toArray().forEach((child, index) => {
    const pathKey = parentKey ? `${parentKey}.${index}` : String(index);
    if (child instanceof Y.XmlText) {
      runs.push({ text: child, start: position, length: child.length, pathKey });
      position += child.length;
    } else if (child instanceof Y.XmlElement) {
      position = isLeaf(child.nodeName) ? position + 1 : walk(child, position + 1, pathKey, isLeaf, runs) + 1;
    }
  });
  return position;
}

/**
 * The text point at an editor position. Positions between blocks or beside an inline node belong to
 * no text, so `bias` says which way to look: a range's start takes the next character
 * ('start'), its end the previous one ('end'). Null when there is no character that way.
 */
export function textPointAt(
  runs: readonly TextRun[],
  position: number,
  bias: 'start' | 'end',
): TextPoint | null {
  if (bias === 'start') {
    const run = runs.find(
      (candidate) => candidate.length > 0 && position < candidate.start + candidate.length,
    );
    if (!run) return null;
    return { text: run.text, index: Math.max(0, position - run.start) };
  }
  const run = runs.findLast((candidate) => candidate.length > 0 && position > candidate.start);
  if (!run) return null;
  return { text: run.text, index: Math.min(run.length, position - run.start) };
}

/** The editor position of a point a thread listing reports, or null when the tree has changed under it. */
export function editorPosition(runsByPath: ReadonlyMap<string, TextRun>, point: AnchorPoint): number | null {
  const run = runsByPath.get(point.path.join('.'));
  if (!run || point.offset > run.length) return null;
  return run.start + point.offset;
}

export function runsByPath(runs: readonly TextRun[]): Map<string, TextRun> {
  return new Map(runs.map((run) => [run.pathKey, run]));
}

/** Editor position of a text point (its run must be in `runs`). */
export function positionOfPoint(runs: readonly TextRun[], point: TextPoint): number | null {
  const run = runs.find((candidate) => candidate.text === point.text);
  return run ? run.start + point.index : null;
}

/**
 * The text points a comment on the editor range from..to would be anchored to: the first and the last
 * character of text inside it. Null when the range holds no text (an empty selection, a scene break).
 */
export function anchorForRange(
  fragment: Y.XmlFragment,
  isLeaf: IsLeaf,
  from: number,
  to: number,
): { from: TextPoint; to: TextPoint } | null {
  return anchorInRuns(textRuns(fragment, isLeaf), from, to);
}

/** `anchorForRange` on runs the caller already walked (one walk for many ranges). */
export function anchorInRuns(
  runs: readonly TextRun[],
  from: number,
  to: number,
): { from: TextPoint; to: TextPoint } | null {
  const start = textPointAt(runs, from, 'start');
  const end = textPointAt(runs, to, 'end');
  if (!start || !end) return null;
  const startPosition = positionOfPoint(runs, start)!;
  const endPosition = positionOfPoint(runs, end)!;
  return startPosition < endPosition ? { from: start, to: end } : null;
}

/**
 * A pending anchor, kept while the user types the comment: relative positions, so remote edits in
 * the meantime move it with the text (same associations as the stored anchor).
 */
export interface PendingAnchor {
  from: Y.RelativePosition;
  to: Y.RelativePosition;
}

export function rememberAnchor(anchor: { from: TextPoint; to: TextPoint }): PendingAnchor {
  return {
    from: Y.createRelativePositionFromTypeIndex(anchor.from.text, anchor.from.index, 0),
    to: Y.createRelativePositionFromTypeIndex(anchor.to.text, anchor.to.index, -1),
  };
}

export function recallAnchor(doc: Y.Doc, pending: PendingAnchor): { from: TextPoint; to: TextPoint } | null {
  const from = Y.createAbsolutePositionFromRelativePosition(pending.from, doc);
  const to = Y.createAbsolutePositionFromRelativePosition(pending.to, doc);
  if (!(from?.type instanceof Y.XmlText && to?.type instanceof Y.XmlText)) return null;
  return { from: { text: from.type, index: from.index }, to: { text: to.type, index: to.index } };
}
