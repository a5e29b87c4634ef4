/**
 * What the comments panel asks of the editor: the selection as an anchor, and showing a thread's
 * text. Kept apart from the React components so the panel only deals in threads.
 */

import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import { type CommentThread, type TextPoint, threadRange } from '@galley/shared/manuscript/comments';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import { commentHighlightsKey } from './commentHighlights.ts';
import { anchorForRange, isLeafIn, positionOfPoint, textRuns } from './positions.ts';

/** The current selection as a comment anchor plus the text it covers; null when it holds no text. */
export function selectionAnchor(
  editor: Editor,
  doc: Y.Doc,
): { from: TextPoint; to: TextPoint; quote: string } | null {
  const { from, to, empty } = editor.state.selection;
  if (empty) return null;
  const anchor = anchorForRange(textRoot(doc), isLeafIn(editor.schema), from, to);
  if (!anchor) return null;
  return { ...anchor, quote: editor.state.doc.textBetween(from, to, '\n', ' ') };
}

/** Whether the selection covers some text (what enables the Comment button). */
export function selectionHasText(editor: Editor): boolean {
  const { from, to, empty } = editor.state.selection;
  return !empty && editor.state.doc.textBetween(from, to, '', '').length > 0;
}

/** The editor range of a thread right now, or null when its text is gone. */
export function threadEditorRange(
  editor: Editor,
  doc: Y.Doc,
  threadId: string,
): { from: number; to: number } | null {
  const range = threadRange(doc, threadId);
  if (!range) return null;
  const runs = textRuns(textRoot(doc), isLeafIn(editor.schema));
  const from = positionOfPoint(runs, range.from);
  const to = positionOfPoint(runs, range.to);
  const size = editor.state.doc.content.size;
  if (from === null || to === null || from >= to || to > size) return null;
  return { from, to };
}

/** Selects a thread's text, marks it as the active thread and scrolls it into view. */
export function showThreadInEditor(editor: Editor, doc: Y.Doc, thread: CommentThread): void {
  const range = thread.anchor.onDeletedText ? null : threadEditorRange(editor, doc, thread.id);
  const chain = editor.chain();
  if (hasHighlights(editor)) chain.setActiveCommentThread(thread.id);
  if (range) chain.setTextSelection(range).scrollIntoView();
  // A writer lands in the text with the commented words selected, ready to act on them; a reader with
  // comment access keeps focus in the panel (a read-only text has no caret) and sees the active highlight.
  if (range && editor.isEditable) chain.focus();
  chain.run();
  if (!range) return;
  // A read-only editor does not scroll to a selection it cannot show; scroll the text itself.
  const { node } = editor.view.domAtPos(range.from);
  const element = node instanceof Element ? node : node.parentElement;
  element?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
}

/** The panel works without the CommentHighlights extension, only without highlights. */
export function hasHighlights(editor: Editor): boolean {
  return commentHighlightsKey.getState(editor.state) !== undefined;
}

export function activeThreadId(editor: Editor): string | null {
  return commentHighlightsKey.getState(editor.state)?.activeThreadId ?? null;
}
