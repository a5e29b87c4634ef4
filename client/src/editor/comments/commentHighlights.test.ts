import { textRoot } from '@galley/shared/manuscript/commentAnchors';
import { createThread, resolve } from '@galley/shared/manuscript/comments';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  commentHighlightsKey,
  commentHighlightsPlugin,
  innermostRangeAt,
  refreshHighlights,
} from './commentHighlights.ts';
import { chapterFromJSON, editorView, manuscriptSchema, writeToYDoc } from './commentTestKit.ts';
import { anchorForRange, isLeafIn } from './positions.ts';

const schema = manuscriptSchema();
const ed = { id: 'u-ed', name: 'Ed' };
const now = new Date('2026-11-25T10:00:00.000Z');

function chapter() {
  return chapterFromJSON(schema, {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Loomings' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Call me Ishmael. Some years ago.' }] },
    ],
  });
}

function commentOn(ydoc: Y.Doc, from: number, to: number): string {
  const anchor = anchorForRange(textRoot(ydoc), isLeafIn(schema), from, to)!;
  return createThread(ydoc, {
    anchorFrom: anchor.from,
    anchorTo: anchor.to,
    body: 'Hm',
    author: ed,
    members: [],
    now,
  });
}

function highlights(state: EditorState) {
  const decorations = commentHighlightsKey.getState(state)!.decorations.find();
  return decorations.map((decoration) => ({
    text: state.doc.textBetween(decoration.from, decoration.to),
    // The attributes live on the inline decoration's internal type.
    className: (decoration as unknown as { type: { attrs: { class: string } } }).type.attrs.class,
  }));
}

describe('CommentHighlights', () => {
  it('decorates the text of open threads without touching the document', () => {
    const { ydoc, pmDoc } = chapter();
    const ishmael = 19; // "Loomings" = 1..9, paragraph opens at 10, text starts at 11: "Call me " → 19
    expect(pmDoc.textBetween(ishmael, ishmael + 7)).toBe('Ishmael');
    const open = commentOn(ydoc, ishmael, ishmael + 7);
    const done = commentOn(ydoc, 1, 9);
    resolve(ydoc, { threadId: done, by: ed, now });
    const state = EditorState.create({
      schema,
      doc: pmDoc,
      plugins: [commentHighlightsPlugin(ydoc, schema)],
    });
    expect(highlights(state)).toEqual([{ text: 'Ishmael', className: 'comment-highlight' }]);
    expect(state.doc.eq(pmDoc)).toBe(true);

    const active = state.apply(state.tr.setMeta(commentHighlightsKey, { activeThreadId: done }));
    expect(highlights(active)).toEqual([
      { text: 'Loomings', className: 'comment-highlight comment-highlight-active' },
      { text: 'Ishmael', className: 'comment-highlight' },
    ]);
    expect(
      commentHighlightsKey
        .getState(active)!
        .ranges.map((range) => range.id)
        .sort(),
    ).toEqual([open, done].sort());
  });

  it('maps ranges through local typing, then takes the Y.Doc ranges once the binding has written it', () => {
    const { ydoc, pmDoc } = chapter();
    commentOn(ydoc, 19, 26);
    let state = EditorState.create({ schema, doc: pmDoc, plugins: [commentHighlightsPlugin(ydoc, schema)] });
    // Typing right after and right before the range stays outside it; typing inside joins it. The
    // binding writes each keystroke's transaction to the Y.Doc before the next one.
    for (const [text, at] of [
      ['X', 26],
      ['Y', 19],
      ['-', 22],
    ] as const) {
      state = state.apply(state.tr.insertText(text, at));
      writeToYDoc(ydoc, state.doc);
    }
    expect(highlights(state).map((h) => h.text)).toEqual(['Is-hmael']);
    state = state.apply(refreshHighlights(state.tr));
    expect(highlights(state).map((h) => h.text)).toEqual(['Is-hmael']);
    expect(editorView(ydoc, schema).eq(state.doc)).toBe(true);
  });

  it('follows a remote edit, and drops the highlight when the text is deleted', () => {
    const { ydoc, pmDoc } = chapter();
    commentOn(ydoc, 19, 26);
    let state = EditorState.create({ schema, doc: pmDoc, plugins: [commentHighlightsPlugin(ydoc, schema)] });
    const paragraph = (textRoot(ydoc).get(1) as Y.XmlElement).get(0) as Y.XmlText;
    paragraph.insert(0, 'Well. ');
    state = state.apply(
      refreshHighlights(state.tr.replaceWith(0, state.doc.content.size, editorView(ydoc, schema).content)),
    );
    expect(highlights(state).map((h) => h.text)).toEqual(['Ishmael']);
    paragraph.delete(14, 7);
    state = state.apply(
      refreshHighlights(state.tr.replaceWith(0, state.doc.content.size, editorView(ydoc, schema).content)),
    );
    expect(highlights(state)).toEqual([]);
  });

  it('a click picks the innermost open thread around the position', () => {
    const ranges = [
      { id: 'outer', from: 1, to: 30, resolved: false },
      { id: 'inner', from: 10, to: 15, resolved: false },
      { id: 'done', from: 11, to: 12, resolved: true },
    ];
    expect(innermostRangeAt(ranges, 11)?.id).toBe('inner');
    expect(innermostRangeAt(ranges, 20)?.id).toBe('outer');
    expect(innermostRangeAt(ranges, 40)).toBeNull();
  });
});
