import { commentsRoot, listThreads } from '@galley/shared/manuscript/comments';
import { replicaOf } from '@galley/shared/manuscript/commentTestKit';
import { joinBackward, joinForward, lift, setBlockType, splitBlock, wrapIn } from '@tiptap/pm/commands';
import { liftListItem, wrapInList } from '@tiptap/pm/schema-list';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AuthorEditor, positionOf, textblockStart } from './anchorFollowKit.ts';
import { chapterFromJSON, editorView, manuscriptSchema } from './commentTestKit.ts';

const schema = manuscriptSchema();

function chapter() {
  return chapterFromJSON(schema, {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Loomings' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Call me Ishmael. Some years ago.' }] },
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'It is a way I have of driving off the spleen.' }],
      },
    ],
  });
}

function author(follow = true) {
  const { ydoc, pmDoc } = chapter();
  return new AuthorEditor(ydoc, schema, pmDoc, follow);
}

/** What the comments panel shows for a thread: its words, or that they were deleted. */
function anchorText(ydoc: Y.Doc, threadId: string): string | 'on deleted text' {
  const anchor = listThreads(ydoc).find((thread) => thread.id === threadId)!.anchor;
  return anchor.onDeletedText ? 'on deleted text' : anchor.text;
}

describe('comment threads follow their words through the author’s structural edits', () => {
  it('without following, y-prosemirror’s join leaves the thread on deleted text (the bug this fixes)', () => {
    const editor = author(false);
    const spleen = editor.comment('spleen');
    expect(editor.command(joinBackward, textblockStart(editor.state.doc, 2))).toBe(true);
    expect(editor.state.doc.child(1).textContent).toContain('ago.It is a way');
    expect(anchorText(editor.ydoc, spleen)).toBe('on deleted text');
  });

  it('Backspace at a paragraph start (joinBackward) keeps the joined paragraph’s threads on their words', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const years = editor.comment('years');
    expect(editor.command(joinBackward, textblockStart(editor.state.doc, 2))).toBe(true);
    expect(editor.followed).toBe(true);
    expect(editorView(editor.ydoc, schema).eq(editor.state.doc)).toBe(true);
    expect(anchorText(editor.ydoc, spleen)).toBe('spleen');
    expect(anchorText(editor.ydoc, years)).toBe('years');
  });

  it('Delete at a paragraph end (joinForward) and joining into the heading keep threads on their words', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const call = editor.comment('Call me');
    const end = positionOf(editor.state.doc, 'ago.') + 'ago.'.length;
    expect(editor.command(joinForward, end)).toBe(true);
    expect(anchorText(editor.ydoc, spleen)).toBe('spleen');
    expect(editor.command(joinBackward, textblockStart(editor.state.doc, 1))).toBe(true);
    expect(editor.state.doc.firstChild!.textContent).toBe(
      'LoomingsCall me Ishmael. Some years ago.It is a way I have of driving off the spleen.',
    );
    expect(anchorText(editor.ydoc, spleen)).toBe('spleen');
    expect(anchorText(editor.ydoc, call)).toBe('Call me');
  });

  it('wrapping in a blockquote or a list, lifting out again and changing the block type keep threads on their words', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const ishmael = editor.comment('Ishmael');
    const inSecond = () => positionOf(editor.state.doc, 'driving');
    const steps: Array<[string, () => boolean]> = [
      ['wrap in blockquote', () => editor.command(wrapIn(schema.nodes.blockquote!), inSecond())],
      ['lift', () => editor.command(lift, inSecond())],
      ['wrap in list', () => editor.command(wrapInList(schema.nodes.bulletList!), inSecond())],
      ['lift list item', () => editor.command(liftListItem(schema.nodes.listItem!), inSecond())],
      ['to heading', () => editor.command(setBlockType(schema.nodes.heading!, { level: 2 }), inSecond())],
    ];
    for (const [name, run] of steps) {
      expect(run(), name).toBe(true);
      expect(editorView(editor.ydoc, schema).eq(editor.state.doc), name).toBe(true);
      expect(anchorText(editor.ydoc, spleen), name).toBe('spleen');
      expect(anchorText(editor.ydoc, ishmael), name).toBe('Ishmael');
    }
  });

  it('a thread across a split paragraph keeps both halves', () => {
    const editor = author();
    const thread = editor.comment('Some years');
    expect(editor.command(splitBlock, positionOf(editor.state.doc, 'years'))).toBe(true);
    expect(anchorText(editor.ydoc, thread)).toBe('Some \nyears');
  });

  it('a whole-block replace by the joined paragraph (Chromium’s own Backspace) keeps threads on their words', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const ago = editor.comment('ago.');
    const first = textblockStart(editor.state.doc, 1) - 1;
    const joined = schema.nodes.paragraph!.create(
      null,
      schema.text('Call me Ishmael. Some years ago.It is a way I have of driving off the spleen.'),
    );
    editor.edit((state) => state.tr.replaceWith(first, state.doc.content.size, joined));
    expect(anchorText(editor.ydoc, spleen)).toBe('spleen');
    expect(anchorText(editor.ydoc, ago)).toBe('ago.');
  });

  it('a paragraph moved in one transaction (drag and drop) takes its threads along; those it passes stay', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const years = editor.comment('years');
    editor.edit((state) => {
      const second = state.doc.child(2);
      const at = state.doc.content.size - second.nodeSize;
      return state.tr.delete(at, state.doc.content.size).insert(state.doc.child(0).nodeSize, second);
    });
    expect(editor.state.doc.child(1).textContent).toBe('It is a way I have of driving off the spleen.');
    expect(anchorText(editor.ydoc, spleen)).toBe('spleen');
    expect(anchorText(editor.ydoc, years)).toBe('years');
  });

  it('deleting the words themselves still leaves the thread on deleted text, also inside a whole-block replace', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const years = editor.comment('years');
    const at = positionOf(editor.state.doc, 'spleen');
    editor.edit((state) => state.tr.delete(at, at + 'spleen'.length));
    expect(anchorText(editor.ydoc, spleen)).toBe('on deleted text');

    const first = textblockStart(editor.state.doc, 1) - 1;
    const joined = schema.nodes.paragraph!.create(
      null,
      schema.text('Call me Ishmael. Some ago.It is a way.'),
    );
    editor.edit((state) => state.tr.replaceWith(first, state.doc.content.size, joined));
    expect(editor.followed).toBe(true);
    expect(anchorText(editor.ydoc, years)).toBe('on deleted text');
    expect(anchorText(editor.ydoc, spleen)).toBe('on deleted text');
  });

  it('typing a key at a time inside and around a thread writes no anchor (nothing to follow)', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const before = commentsRoot(editor.ydoc).toJSON();
    const at = positionOf(editor.state.doc, 'spleen');
    editor.edit((state) => state.tr.insertText('X', at + 3));
    expect(editor.followed).toBe(false);
    editor.edit((state) => state.tr.insertText('Y', at));
    expect(editor.followed).toBe(false);
    expect(anchorText(editor.ydoc, spleen)).toBe('splXeen');
    expect(commentsRoot(editor.ydoc).toJSON()).toEqual(before);
  });

  it('two insertions in one write (y-prosemirror re-creates the text between them) are followed', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const at = positionOf(editor.state.doc, 'spleen');
    editor.edit((state) => state.tr.insertText('X', at + 3).insertText('Y', at));
    expect(editor.followed).toBe(true);
    expect(anchorText(editor.ydoc, spleen)).toBe('splXeen');
  });

  it('a collaborator receives the join and the moved anchor in one update', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const collaborator = replicaOf(editor.ydoc);
    const updates: Uint8Array[] = [];
    editor.ydoc.on('update', (update: Uint8Array) => updates.push(update));
    expect(editor.command(joinBackward, textblockStart(editor.state.doc, 2))).toBe(true);
    expect(updates).toHaveLength(1);
    Y.applyUpdate(collaborator, updates[0]!);
    expect(anchorText(collaborator, spleen)).toBe('spleen');
    expect(editorView(collaborator, schema).eq(editor.state.doc)).toBe(true);
  });

  it('undo and redo of a join keep the thread on its words on every replica', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const original = editor.state.doc;
    const collaborator = replicaOf(editor.ydoc);
    editor.ydoc.on('update', (update: Uint8Array) => Y.applyUpdate(collaborator, update));
    // As y-prosemirror's undo plugin makes it, with the plugin's listener.
    const undoManager = new Y.UndoManager(editor.ydoc.getXmlFragment('default'), {
      trackedOrigins: new Set([ySyncPluginKey]),
      captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
    });
    undoManager.on('stack-item-popped', () => editor.history.afterUndoOrRedo(editor.ydoc));
    const joined = () => editorView(collaborator, schema).child(1).textContent.includes('ago.It is a way');

    expect(editor.command(joinBackward, textblockStart(editor.state.doc, 2))).toBe(true);
    for (const [step, isJoined] of [
      [() => undoManager.undo(), false],
      [() => undoManager.redo(), true],
      [() => undoManager.undo(), false],
      [() => undoManager.redo(), true],
      [() => undoManager.undo(), false],
    ] as const) {
      step();
      expect(joined()).toBe(isJoined);
      expect(anchorText(editor.ydoc, spleen)).toBe('spleen');
      expect(anchorText(collaborator, spleen)).toBe('spleen');
    }
    expect(editorView(collaborator, schema).eq(original)).toBe(true);
  });

  it('one undo that takes back many merged edits (within the capture time) brings the thread back', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const original = editor.state.doc;
    const undoManager = new Y.UndoManager(editor.ydoc.getXmlFragment('default'), {
      trackedOrigins: new Set([ySyncPluginKey]),
    });
    undoManager.on('stack-item-popped', () => editor.history.afterUndoOrRedo(editor.ydoc));
    for (let round = 0; round < 40; round++) {
      expect(editor.command(splitBlock, positionOf(editor.state.doc, 'driving'))).toBe(true);
      expect(editor.command(joinBackward, positionOf(editor.state.doc, 'driving'))).toBe(true);
    }
    expect(undoManager.undoStack).toHaveLength(1);
    undoManager.undo();
    expect(editorView(editor.ydoc, schema).eq(original)).toBe(true);
    expect(anchorText(replicaOf(editor.ydoc), spleen)).toBe('spleen');
  });

  it('after an undo, only threads whose words are reachable through restored copies are written', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const years = editor.comment('years');
    const yearsAnchor = (commentsRoot(editor.ydoc).get(years) as Y.Map<unknown>).toJSON();
    const undoManager = new Y.UndoManager(editor.ydoc.getXmlFragment('default'), {
      trackedOrigins: new Set([ySyncPluginKey]),
    });
    expect(editor.command(joinBackward, textblockStart(editor.state.doc, 2))).toBe(true);
    undoManager.undo();
    expect(anchorText(replicaOf(editor.ydoc), spleen)).toBe('on deleted text');
    expect(editor.history.afterUndoOrRedo(editor.ydoc)).toEqual([spleen]);
    expect(anchorText(replicaOf(editor.ydoc), spleen)).toBe('spleen');
    expect(editor.history.afterUndoOrRedo(editor.ydoc)).toEqual([]);
    expect((commentsRoot(editor.ydoc).get(years) as Y.Map<unknown>).toJSON()).toEqual(yearsAnchor);
  });

  it('undoing the deletion of the words brings the thread back for collaborators too', () => {
    const editor = author();
    const spleen = editor.comment('spleen');
    const undoManager = new Y.UndoManager(editor.ydoc.getXmlFragment('default'), {
      trackedOrigins: new Set([ySyncPluginKey]),
    });
    undoManager.on('stack-item-popped', () => editor.history.afterUndoOrRedo(editor.ydoc));
    const at = positionOf(editor.state.doc, 'spleen');
    editor.edit((state) => state.tr.delete(at - 4, at + 'spleen'.length));
    expect(anchorText(editor.ydoc, spleen)).toBe('on deleted text');
    undoManager.undo();
    expect(anchorText(replicaOf(editor.ydoc), spleen)).toBe('spleen');
  });
});
