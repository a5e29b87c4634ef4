import type { EditorState, Transaction } from '@tiptap/pm/state';
import { type Editor, useEditorState } from '@tiptap/react';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { CHAPTER_KEYS, isMacPlatform, keysText } from '../shortcuts/shortcutTable.ts';
import {
  clearFind,
  findState,
  moveToMatch,
  replaceAllMatches,
  replaceCurrentMatch,
  setFindQuery,
} from './findReplacePlugin.ts';
import { describeMatches, MAX_QUERY_LENGTH } from './matching.ts';
import { asOwnUndoStep } from './undoSteps.ts';

export type FindMode = 'find' | 'replace';

/** Each press of Mod-F / Mod-Alt-F (or the toolbar button) is a new request: the bar takes focus again. */
export interface FindRequest {
  mode: FindMode;
  serial: number;
}

type Command = (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean;

function runOn(editor: Editor, command: Command): boolean {
  return editor.isDestroyed ? false : command(editor.state, editor.view.dispatch);
}

/** A selection worth searching for: one short line of text, other than the match the bar selected. */
function selectedText(editor: Editor): string {
  const { from, to, $from } = editor.state.selection;
  if (from === to || !$from.sameParent(editor.state.selection.$to)) return '';
  const { result, current } = findState(editor.state);
  const shown = result.matches[current];
  if (shown && shown.from === from && shown.to === to) return '';
  const text = editor.state.doc.textBetween(from, to);
  return text.length <= 200 ? text : '';
}

/**
 * The find (and, for those who may edit, replace) bar above the chapter. Enter and Shift+Enter go to
 * the next and previous match, Escape closes it; the "N of M" count is a polite live region, so a
 * screen reader hears it without losing its place in the field.
 */
export function FindBar({
  editor,
  request,
  onClose,
}: {
  editor: Editor;
  request: FindRequest;
  onClose: () => void;
}) {
  const [text, setText] = useState(() => selectedText(editor));
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const [replacement, setReplacement] = useState('');
  const [replaceOpen, setReplaceOpen] = useState(request.mode === 'replace');
  const [message, setMessage] = useState<string | null>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const replaceInput = useRef<HTMLInputElement>(null);
  const ids = useId();
  const mac = isMacPlatform();
  const found = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const state = findState(e.state);
      return {
        editable: e.isEditable,
        count: state.result.matches.length,
        label: describeMatches(state.result, state.current),
      };
    },
  });
  const run = (command: Command) => runOn(editor, command);

  // A new request (the shortcut pressed again, or the other one) focuses the field it is about...
  const wantFocus = useRef<'find' | 'replace' | null>(null);
  useEffect(() => {
    const selected = selectedText(editor);
    if (selected) setText(selected);
    const replacing = request.mode === 'replace' && editor.isEditable;
    if (replacing) setReplaceOpen(true);
    wantFocus.current = replacing && (selected || findInput.current?.value) ? 'replace' : 'find';
  }, [request, editor]);
  // ...once it is there: the replace field appears with the render that opening it causes.
  useEffect(() => {
    const field = wantFocus.current === 'replace' ? replaceInput.current : findInput.current;
    if (!wantFocus.current || !field) return;
    wantFocus.current = null;
    field.focus();
    field.select();
  });

  useEffect(() => {
    setMessage(null);
    runOn(editor, setFindQuery({ text, caseSensitive, wholeWord }));
  }, [editor, text, caseSensitive, wholeWord]);

  // Closing (or leaving the chapter) removes every highlight.
  useEffect(() => () => void runOn(editor, clearFind), [editor]);

  // The Replace buttons turn off once nothing is left to replace; focus must not fall off the page then.
  const keepFocusInBar = () => {
    if (findState(editor.state).result.matches.length === 0) replaceInput.current?.focus();
  };
  const replaceOne = () => {
    asOwnUndoStep(
      () => editor.state,
      () => run(replaceCurrentMatch(replacement)),
    );
    keepFocusInBar();
  };
  const replaceAll = () => {
    asOwnUndoStep(
      () => editor.state,
      () =>
        run(
          replaceAllMatches(replacement, (count) =>
            setMessage(`Replaced ${count} ${count === 1 ? 'match' : 'matches'}`),
          ),
        ),
    );
    keepFocusInBar();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'Enter' && event.target === findInput.current) {
      event.preventDefault();
      run(moveToMatch(event.shiftKey ? -1 : 1));
    } else if (event.key === 'Enter' && event.target === replaceInput.current) {
      event.preventDefault();
      replaceOne();
    }
  };

  const showReplace = replaceOpen && found.editable;
  const status = text === '' ? '' : (message ?? found.label);
  return (
    <search className="find-bar" aria-label="Find in chapter" onKeyDown={onKeyDown}>
      <div className="find-bar-row">
        <input
          ref={findInput}
          type="search"
          className="find-bar-field"
          aria-label="Find"
          placeholder="Find"
          maxLength={MAX_QUERY_LENGTH}
          aria-describedby={`${ids}-count`}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <span className="find-bar-count" role="status" aria-live="polite" id={`${ids}-count`}>
          {status}
        </span>
        <button
          type="button"
          className="editor-tool"
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
          disabled={found.count === 0}
          onClick={() => run(moveToMatch(-1))}
        >
          ↑
        </button>
        <button
          type="button"
          className="editor-tool"
          aria-label="Next match"
          title="Next match (Enter)"
          disabled={found.count === 0}
          onClick={() => run(moveToMatch(1))}
        >
          ↓
        </button>
        <label className="find-bar-option">
          <input
            type="checkbox"
            checked={caseSensitive}
            onChange={(event) => setCaseSensitive(event.target.checked)}
          />
          Match case
        </label>
        <label className="find-bar-option">
          <input
            type="checkbox"
            checked={wholeWord}
            onChange={(event) => setWholeWord(event.target.checked)}
          />
          Whole word
        </label>
        {found.editable ? (
          <button
            type="button"
            className="editor-tool"
            aria-expanded={showReplace}
            title={`Replace (${keysText(CHAPTER_KEYS.replace, mac)})`}
            onClick={() => {
              if (!replaceOpen) wantFocus.current = 'replace';
              setReplaceOpen(!replaceOpen);
            }}
          >
            Replace…
          </button>
        ) : null}
        <button
          type="button"
          className="editor-tool"
          aria-label="Close find"
          title="Close (Esc)"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {showReplace ? (
        <div className="find-bar-row">
          <input
            ref={replaceInput}
            type="text"
            className="find-bar-field"
            aria-label="Replace with"
            placeholder="Replace with"
            maxLength={MAX_QUERY_LENGTH}
            value={replacement}
            onChange={(event) => setReplacement(event.target.value)}
          />
          <button type="button" className="editor-tool" disabled={found.count === 0} onClick={replaceOne}>
            Replace
          </button>
          <button type="button" className="editor-tool" disabled={found.count === 0} onClick={replaceAll}>
            Replace all
          </button>
        </div>
      ) : null}
    </search>
  );
}
