import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { manuscriptSchema } from '../comments/commentTestKit.ts';
import {
  clearFind,
  findReplacePlugin,
  findState,
  moveToMatch,
  replaceAllMatches,
  replaceCurrentMatch,
  setFindQuery,
} from './findReplacePlugin.ts';

const schema = manuscriptSchema();

function editorWith(...paragraphs: string[]) {
  let state = EditorState.create({
    schema,
    doc: schema.nodeFromJSON({
      type: 'doc',
      content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
    }),
    plugins: [findReplacePlugin()],
  });
  const dispatched: Transaction[] = [];
  const dispatch = (tr: Transaction) => {
    dispatched.push(tr);
    state = state.apply(tr);
  };
  const run = (command: (s: EditorState, d?: (tr: Transaction) => void) => boolean) =>
    command(state, dispatch);
  return {
    run,
    dispatched,
    get state() {
      return state;
    },
    highlighted: () =>
      findState(state)
        .decorations.find()
        .map((d) => ({
          text: state.doc.textBetween(d.from, d.to),
          current: (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class.includes(
            'find-match-current',
          ),
        })),
    selected: () => state.doc.textBetween(state.selection.from, state.selection.to),
  };
}

const q = (text: string) => ({ text, caseSensitive: false, wholeWord: false });

describe('the find and replace plugin', () => {
  it('highlights every match, the current one distinct, starting at the selection', () => {
    const editor = editorWith('A cat sat.', 'The cat ran.', 'No cat here.');
    editor.run((state, dispatch) => {
      dispatch?.(state.tr.setSelection(TextSelection.create(state.doc, 14)));
      return true;
    });
    editor.run(setFindQuery(q('cat')));
    expect(editor.highlighted()).toEqual([
      { text: 'cat', current: false },
      { text: 'cat', current: true },
      { text: 'cat', current: false },
    ]);
    expect(findState(editor.state).current).toBe(1);
    expect(editor.selected()).toBe('cat');
    expect(editor.state.selection.from).toBe(17);
  });

  it('moves to the next and previous match, wrapping round', () => {
    const editor = editorWith('one fish two fish red fish');
    editor.run(setFindQuery(q('fish')));
    expect(findState(editor.state).current).toBe(0);
    editor.run(moveToMatch(-1));
    expect(findState(editor.state).current).toBe(2);
    editor.run(moveToMatch(1));
    editor.run(moveToMatch(1));
    expect(findState(editor.state).current).toBe(1);
    expect(editor.state.selection.from).toBe(14);
  });

  it('replaces the current match and goes on to the next', () => {
    const editor = editorWith('red red red');
    editor.run(setFindQuery(q('red')));
    editor.run(moveToMatch(1));
    editor.run(replaceCurrentMatch('blue'));
    expect(editor.state.doc.textContent).toBe('red blue red');
    expect(findState(editor.state).result.matches).toHaveLength(2);
    expect(findState(editor.state).current).toBe(1);
    expect(editor.selected()).toBe('red');
    expect(editor.state.selection.from).toBe(10);
  });

  it('replaces all in one transaction and reports how many', () => {
    const editor = editorWith('a dog, a Dog', 'dogs and dogma');
    editor.run(setFindQuery(q('dog')));
    const before = editor.dispatched.length;
    let replaced = 0;
    editor.run(
      replaceAllMatches('cat', (count) => {
        replaced = count;
      }),
    );
    expect(editor.dispatched.length - before).toBe(1);
    expect(replaced).toBe(4);
    expect(editor.state.doc.textContent).toBe('a cat, a catcats and catma');
    expect(editor.highlighted()).toEqual([]);
    expect(editor.run(replaceAllMatches('cat'))).toBe(false);
  });

  it('follows edits: the count changes as the text does, and clearing removes every highlight', () => {
    const editor = editorWith('ink and ink');
    editor.run(setFindQuery(q('ink')));
    editor.run((state, dispatch) => {
      dispatch?.(state.tr.insertText(' ink', state.doc.content.size - 1));
      return true;
    });
    expect(findState(editor.state).result.matches).toHaveLength(3);
    editor.run(clearFind);
    expect(editor.highlighted()).toEqual([]);
    expect(findState(editor.state).query.text).toBe('');
  });
});
