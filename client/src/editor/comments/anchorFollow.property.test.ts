import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import { createThread, listThreads } from '@galley/shared/manuscript/comments';
import { joinBackward, joinForward, lift, setBlockType, splitBlock, wrapIn } from '@tiptap/pm/commands';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { liftListItem, sinkListItem, wrapInList } from '@tiptap/pm/schema-list';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthorEditor } from './anchorFollowKit.ts';
import { threadEditorRanges } from './commentRanges.ts';
import { chapterFromJSON, characterPositions, editorView, manuscriptSchema } from './commentTestKit.ts';
import { anchorForRange, isLeafIn } from './positions.ts';

const schema = manuscriptSchema();
const PARAGRAPHS = [
  'Call me Ishmael.',
  'Some years ago, never mind how long.',
  'Having little or no money in my purse,',
  'and nothing particular to interest me on shore,',
  'I thought I would sail about a little.',
];

/** A structural edit at a place given as fractions, so any generated number lands somewhere valid. */
type Edit = { kind: (typeof KINDS)[number]; block: number; offset: number; target: number };
const KINDS = [
  'joinBackward',
  'joinForward',
  'split',
  'blockquote',
  'lift',
  'bulletList',
  'liftListItem',
  'sinkListItem',
  'heading',
  'paragraph',
  'wholeBlockJoin',
  'move',
] as const;

function textblocks(pmDoc: ProseMirrorNode): Array<{ start: number; size: number }> {
  const blocks: Array<{ start: number; size: number }> = [];
  pmDoc.descendants((node, position) => {
    if (node.isTextblock) blocks.push({ start: position + 1, size: node.content.size });
    return !node.isTextblock;
  });
  return blocks;
}

/** Runs one edit; false when it does not apply where it landed. */
function apply(editor: AuthorEditor, edit: Edit): boolean {
  const blocks = textblocks(editor.state.doc);
  const block = blocks[Math.floor(edit.block * blocks.length)]!;
  const at = block.start + Math.floor(edit.offset * (block.size + 1));
  const nodes = schema.nodes;
  switch (edit.kind) {
    case 'joinBackward':
      return editor.command(joinBackward, block.start);
    case 'joinForward':
      return editor.command(joinForward, block.start + block.size);
    case 'split':
      return editor.command(splitBlock, at);
    case 'blockquote':
      return editor.command(wrapIn(nodes.blockquote!), at);
    case 'lift':
      return editor.command(lift, at);
    case 'bulletList':
      return editor.command(wrapInList(nodes.bulletList!), at);
    case 'liftListItem':
      return editor.command(liftListItem(nodes.listItem!), at);
    case 'sinkListItem':
      return editor.command(sinkListItem(nodes.listItem!), at);
    case 'heading':
      return editor.command(setBlockType(nodes.heading!, { level: 2 }), at);
    case 'paragraph':
      return editor.command(setBlockType(nodes.paragraph!), at);
    case 'wholeBlockJoin':
      return tryEdit(editor, (state) => wholeBlockJoin(state, edit.block));
    case 'move':
      return tryEdit(editor, (state) => moveBlock(state, edit.block, edit.target, threadRanges(editor)));
  }
}

function tryEdit(editor: AuthorEditor, build: (state: EditorState) => Transaction | null): boolean {
  const tr = build(editor.state);
  if (!tr) return false;
  editor.edit(() => tr);
  return true;
}

/** Two neighbouring top-level paragraphs replaced by one holding both texts (a browser's own join). */
function wholeBlockJoin(state: EditorState, fraction: number): Transaction | null {
  const { doc } = state;
  const index = Math.floor(fraction * (doc.childCount - 1));
  const first = doc.maybeChild(index);
  const second = doc.maybeChild(index + 1);
  if (!first?.isTextblock || !second?.isTextblock) return null;
  let start = 0;
  for (let i = 0; i < index; i++) start += doc.child(i).nodeSize;
  const joined = first.type.create(first.attrs, first.content.append(second.content));
  return state.tr.replaceWith(start, start + first.nodeSize + second.nodeSize, joined);
}

/**
 * A top-level block dragged to another top-level boundary: deleted and inserted in one transaction.
 * Not a block that holds only part of a thread: its words would no longer be one stretch of text.
 */
function moveBlock(
  state: EditorState,
  fromFraction: number,
  toFraction: number,
  threads: ReadonlyArray<{ from: number; to: number }>,
): Transaction | null {
  const { doc } = state;
  const index = Math.floor(fromFraction * doc.childCount);
  const target = Math.floor(toFraction * (doc.childCount + 1));
  if (target === index || target === index + 1) return null;
  const boundaries = [0];
  doc.forEach((child) => {
    boundaries.push(boundaries.at(-1)! + child.nodeSize);
  });
  const [start, end] = [boundaries[index]!, boundaries[index + 1]!];
  const inside = (at: number) => at > start && at < end;
  if (threads.some((thread) => inside(thread.from) !== inside(thread.to))) return null;
  const moved = doc.child(index);
  const tr = state.tr.delete(boundaries[index]!, boundaries[index + 1]!);
  return tr.insert(tr.mapping.map(boundaries[target]!), moved);
}

function threadRanges(editor: AuthorEditor) {
  const { ydoc, state } = editor;
  return threadEditorRanges(ydoc, listThreads(ydoc), isLeafIn(schema), state.doc.content.size);
}

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom(...KINDS),
  block: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  offset: fc.double({ min: 0, max: 1, noNaN: true }),
  target: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

/** Threads as pairs of indexes into the manuscript's characters (first and last character covered). */
const threadsArbitrary = fc.array(fc.tuple(fc.nat({ max: 1000 }), fc.nat({ max: 40 })), {
  minLength: 1,
  maxLength: 6,
});

describe('comment threads under random structural edits', () => {
  it('never lose a thread whose words remain: each still covers exactly its words', () => {
    fc.assert(
      fc.property(
        threadsArbitrary,
        fc.array(editArbitrary, { minLength: 1, maxLength: 12 }),
        (spans, edits) => {
          const { ydoc, pmDoc } = chapterFromJSON(schema, {
            type: 'doc',
            content: PARAGRAPHS.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
          });
          const characters = characterPositions(pmDoc);
          const words = new Map<string, string>();
          for (const [start, length] of spans) {
            const first = start % characters.length;
            const last = Math.min(characters.length - 1, first + length);
            const from = characters[first]!;
            const to = characters[last]! + 1;
            const anchor = anchorForRange(textRoot(ydoc), isLeafIn(schema), from, to)!;
            const id = createThread(ydoc, {
              anchorFrom: anchor.from,
              anchorTo: anchor.to,
              body: 'Hm',
              author: { id: 'u-ed', name: 'Ed' },
              members: [],
              now: new Date('2026-12-07T10:00:00.000Z'),
            });
            words.set(id, pmDoc.textBetween(from, to, ''));
          }
          const editor = new AuthorEditor(ydoc, schema, pmDoc);
          for (const edit of edits) {
            if (!apply(editor, edit)) continue;
            expect(editorView(ydoc, schema).eq(editor.state.doc), edit.kind).toBe(true);
            for (const thread of listThreads(ydoc)) {
              const shown = thread.anchor.onDeletedText
                ? 'on deleted text'
                : thread.anchor.text.replaceAll('\n', '');
              expect(shown, `${edit.kind} moved a thread off its words`).toBe(words.get(thread.id));
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
