/**
 * The editor side of anchorFollow.ts: collects the author's steps since the Y.Doc last held the
 * editor's document, and runs the Collaboration binding's write of them through
 * followAnchorsAcrossWrite, so threads are re-anchored inside the binding's own Yjs transaction.
 *
 * Undo and redo are followed too: see undoAnchors.ts.
 *
 * The binding offers no hook inside its transaction, so its write method is wrapped on this editor's
 * binding instance (restored when the view goes). That is the one place where both the document
 * before the edit (still in the Y.Doc) and the new characters (just written) can be seen in one
 * transaction with the edit's origin; a later, separate write would reach collaborators as a second
 * update (the thread "on deleted text" in between) and would be a separate, or no, undo step.
 */
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { AddMarkStep, RemoveMarkStep, ReplaceStep, type Step } from '@tiptap/pm/transform';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { followAnchorsAcrossWrite, type LocalEdit } from './anchorFollow.ts';
import { editSteps } from './characterFollow.ts';
import { isLeafIn } from './positions.ts';
import { AnchorHistory } from './undoAnchors.ts';

interface PendingEdit extends LocalEdit {
  /**
   * False while the edit is one insertion of text into a paragraph (a keystroke), with or without
   * mark changes: y-prosemirror's text diff keeps every character then. Two insertions in one write
   * are diffed as one replaced stretch between them, which re-creates the characters in between.
   */
  mayMoveAnchors: boolean;
  insertions: number;
}

/** What this plugin needs of y-prosemirror's binding (private API, checked by the browser test). */
interface SyncBinding {
  _prosemirrorChanged: (pmDoc: ProseMirrorNode) => void;
}

export const commentAnchorFollowKey = new PluginKey<PendingEdit>('commentAnchorFollow');

export function commentAnchorFollowPlugin(doc: Y.Doc, schema: Schema): Plugin<PendingEdit> {
  const isLeaf = isLeafIn(schema);
  /** The editor document the Y.Doc held after the last write through this plugin. */
  let written: ProseMirrorNode | null = null;
  return new Plugin<PendingEdit>({
    key: commentAnchorFollowKey,
    state: {
      init: (_, state) => nothingPending(state.doc),
      apply: (tr, pending, oldState, newState) => {
        // The binding drew the Y.Doc into the editor: they agree, and nothing local is pending.
        if (isChangeOrigin(tr)) return nothingPending(newState.doc);
        if (!tr.docChanged) return pending;
        const since =
          oldState.doc === written || pending.after !== oldState.doc ? nothingPending(oldState.doc) : pending;
        const { reshapes, insertions } = classifySteps(tr);
        const allInsertions = since.insertions + insertions;
        return {
          before: since.before,
          after: newState.doc,
          steps: [...since.steps, ...editSteps(tr)],
          mayMoveAnchors: since.mayMoveAnchors || reshapes || allInsertions > 1,
          insertions: allInsertions,
        };
      },
    },
    view: (view) => {
      const binding = ySyncPluginKey.getState(view.state)?.binding as SyncBinding | undefined;
      // Without the method (another y-prosemirror) threads are not followed, but nothing breaks.
      if (typeof binding?._prosemirrorChanged !== 'function') return {};
      // Undoing an edit that moved threads takes their words away from under them again.
      const history = new AnchorHistory();
      const undoManager = yUndoPluginKey.getState(view.state)?.undoManager as Y.UndoManager | undefined;
      const afterUndoOrRedo = () => {
        if (view.editable) history.afterUndoOrRedo(doc);
      };
      undoManager?.on('stack-item-popped', afterUndoOrRedo);
      const original = binding._prosemirrorChanged;
      binding._prosemirrorChanged = (pmDoc) => {
        const write = () => original.call(binding, pmDoc);
        const pending = commentAnchorFollowKey.getState(view.state);
        // Only a writer's own edits move text; a reader with comment access never re-anchors.
        if (pending && view.editable && pending.after === pmDoc && pending.mayMoveAnchors) {
          for (const moved of followAnchorsAcrossWrite(doc, isLeaf, pending, write)) {
            history.remember(moved.id, moved.before, moved.after);
          }
        } else {
          write();
        }
        written = pmDoc;
      };
      return {
        destroy: () => {
          undoManager?.off('stack-item-popped', afterUndoOrRedo);
          binding._prosemirrorChanged = original;
        },
      };
    },
  });
}

function nothingPending(pmDoc: ProseMirrorNode): PendingEdit {
  return { before: pmDoc, after: pmDoc, steps: [], mayMoveAnchors: false, insertions: 0 };
}

/** How many steps of `tr` insert text into a paragraph, and whether any other step changes more than marks. */
function classifySteps(tr: Transaction): { reshapes: boolean; insertions: number } {
  let reshapes = false;
  let insertions = 0;
  tr.steps.forEach((step, index) => {
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) return;
    if (insertsInline(step, tr.docs[index]!)) insertions++;
    else reshapes = true;
  });
  return { reshapes, insertions };
}

function insertsInline(step: Step, before: ProseMirrorNode): boolean {
  if (!(step instanceof ReplaceStep)) return false;
  const { from, to, slice } = step;
  if (from !== to || slice.openStart !== 0 || slice.openEnd !== 0) return false;
  let inline = true;
  slice.content.forEach((node) => {
    inline &&= node.isInline;
  });
  return inline && before.resolve(from).parent.isTextblock;
}
