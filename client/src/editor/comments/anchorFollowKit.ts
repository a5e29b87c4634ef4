/**
 * Test helpers for anchor following: an author's editor state on a Y.Doc, whose edits are written
 * the way the Collaboration binding writes them (updateYFragment, origin ySyncPluginKey, one Yjs
 * transaction) through the same path as anchorFollowPlugin's wrapper.
 */
import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import { createThread } from '@galley/shared/manuscript/comments';
import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';
import { type Command, EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { updateYFragment, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { followAnchorsAcrossWrite } from './anchorFollow.ts';
import { commentAnchorFollowKey, commentAnchorFollowPlugin } from './anchorFollowPlugin.ts';
import { anchorForRange, isLeafIn } from './positions.ts';
import { AnchorHistory } from './undoAnchors.ts';

export class AuthorEditor {
  state: EditorState;
  /** Whether the last write went through followAnchorsAcrossWrite (it skips typing and marks). */
  followed = false;
  /** What the plugin remembers of the anchors it replaced, for undo (undoAnchors.ts). */
  readonly history = new AnchorHistory();
  private readonly binding = { mapping: new Map(), isOMark: new Map() };

  constructor(
    readonly ydoc: Y.Doc,
    readonly schema: Schema,
    pmDoc: ProseMirrorNode,
    /** false: write as y-prosemirror alone does, to show what goes wrong without following. */
    private readonly follow = true,
  ) {
    this.state = EditorState.create({
      schema,
      doc: pmDoc,
      plugins: [commentAnchorFollowPlugin(ydoc, schema)],
    });
  }

  /** Runs a command with the caret (or selection) at the given positions; false when it did not apply. */
  command(command: Command, from: number, to = from): boolean {
    const state = this.state.apply(
      this.state.tr.setSelection(TextSelection.create(this.state.doc, from, to)),
    );
    let tr: Transaction | null = null;
    if (!command(state, (dispatched) => (tr = dispatched)) || !tr) return false;
    this.state = state;
    this.edit(() => tr!);
    return true;
  }

  /** Applies a transaction built on the current state and writes it to the Y.Doc. */
  edit(build: (state: EditorState) => Transaction): void {
    const next = this.state.apply(build(this.state));
    const pending = commentAnchorFollowKey.getState(next)!;
    const write = () => updateYFragment(this.ydoc, textRoot(this.ydoc), next.doc, this.binding);
    this.followed = this.follow && pending.mayMoveAnchors;
    this.ydoc.transact(() => {
      if (!this.followed) return write();
      for (const moved of followAnchorsAcrossWrite(this.ydoc, isLeafIn(this.schema), pending, write)) {
        this.history.remember(moved.id, moved.before, moved.after);
      }
    }, ySyncPluginKey);
    // What the binding's redraw does for the plugin: the Y.Doc now holds the editor's document.
    this.state = next.apply(next.tr.setMeta(ySyncPluginKey, { isChangeOrigin: true }));
  }

  /** Opens a thread on the first occurrence of `words`; returns its id. */
  comment(words: string): string {
    const from = positionOf(this.state.doc, words);
    const anchor = anchorForRange(textRoot(this.ydoc), isLeafIn(this.schema), from, from + words.length)!;
    return createThread(this.ydoc, {
      anchorFrom: anchor.from,
      anchorTo: anchor.to,
      body: `On “${words}”`,
      author: { id: 'u-ed', name: 'Ed' },
      members: [],
      now: new Date('2026-12-07T10:00:00.000Z'),
    });
  }
}

/** Editor position of the first occurrence of `words` inside one text node. */
export function positionOf(pmDoc: ProseMirrorNode, words: string): number {
  let found = -1;
  pmDoc.descendants((node, position) => {
    if (found === -1 && node.isText && node.text!.includes(words))
      found = position + node.text!.indexOf(words);
    return found === -1;
  });
  if (found === -1) throw new Error(`"${words}" is not in the document`);
  return found;
}

/** Start of the content of the `index`-th textblock. */
export function textblockStart(pmDoc: ProseMirrorNode, index: number): number {
  const starts: number[] = [];
  pmDoc.descendants((node, position) => {
    if (node.isTextblock) starts.push(position + 1);
    return !node.isTextblock;
  });
  return starts[index]!;
}
