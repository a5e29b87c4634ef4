import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  emptyResult,
  type FindQuery,
  type FindResult,
  findMatches,
  matchIndexFrom,
  type TextMatch,
} from './matching.ts';
import { replaceMatches } from './replacing.ts';

export interface FindState {
  query: FindQuery;
  result: FindResult;
  /** Index of the current match in result.matches; -1 when there is none. */
  current: number;
  decorations: DecorationSet;
}

/** A search the commands below have already run; the plugin only stores it. */
interface FindMeta {
  query: FindQuery;
  result: FindResult;
  current: number;
}

type Dispatch = (tr: Transaction) => void;

export const findReplaceKey = new PluginKey<FindState>('findReplace');

const NO_QUERY: FindQuery = { text: '', caseSensitive: false, wholeWord: false };

/**
 * Highlights what the find bar looks for, as decorations (the document is never touched, so others
 * see nothing and nothing lands in the Y.Doc). Matches are searched again after every change to the
 * document, local or remote, so the count stays true while someone else types.
 */
export function findReplacePlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findReplaceKey,
    state: {
      init: (_, state) => withDecorations(NO_QUERY, emptyResult, -1, state.doc),
      apply: (tr, previous, _old, state) => nextState(tr, previous, state.doc),
    },
    props: {
      decorations: (state) => findReplaceKey.getState(state)?.decorations,
    },
  });
}

function nextState(tr: Transaction, previous: FindState, doc: ProseMirrorNode): FindState {
  const meta = tr.getMeta(findReplaceKey) as FindMeta | undefined;
  if (meta) return withDecorations(meta.query, meta.result, meta.current, doc);
  if (!tr.docChanged || previous.query.text === '') return previous;
  const result = findMatches(doc, previous.query);
  const was = previous.result.matches[previous.current];
  // The sync binding replaces the whole document on a remote change, so mapping would send every
  // position to the start; the old position is near enough to keep the place.
  const near = was ? (isChangeOrigin(tr) ? was.from : tr.mapping.map(was.from, -1)) : 0;
  return withDecorations(previous.query, result, matchIndexFrom(result.matches, near), doc);
}

function withDecorations(
  query: FindQuery,
  result: FindResult,
  current: number,
  doc: ProseMirrorNode,
): FindState {
  const decorations = result.matches.map((match, index) =>
    Decoration.inline(match.from, match.to, {
      class: index === current ? 'find-match find-match-current' : 'find-match',
    }),
  );
  return { query, result, current, decorations: DecorationSet.create(doc, decorations) };
}

export function findState(state: EditorState): FindState {
  return findReplaceKey.getState(state) ?? withDecorations(NO_QUERY, emptyResult, -1, state.doc);
}

/** Stores a search and selects (and scrolls to) `current`, so closing the bar leaves the caret there. */
function showSearch(tr: Transaction, query: FindQuery, result: FindResult, current: number): Transaction {
  const match = result.matches[current];
  if (match) tr.setSelection(TextSelection.create(tr.doc, match.from, match.to)).scrollIntoView();
  const meta: FindMeta = { query, result, current };
  return tr.setMeta(findReplaceKey, meta);
}

/** Searches for `query`, starting at the selection (what the writer is looking at). */
export function setFindQuery(query: FindQuery) {
  return (state: EditorState, dispatch?: Dispatch): boolean => {
    if (dispatch) {
      const result = findMatches(state.doc, query);
      const current = matchIndexFrom(result.matches, state.selection.from);
      dispatch(showSearch(state.tr, query, result, current));
    }
    return true;
  };
}

/** Next (1) or previous (-1) match, wrapping round at either end. */
export function moveToMatch(direction: 1 | -1) {
  return (state: EditorState, dispatch?: Dispatch): boolean => {
    const { query, result, current } = findState(state);
    const count = result.matches.length;
    if (count === 0) return false;
    if (dispatch) {
      const next = current === -1 ? 0 : (current + direction + count) % count;
      dispatch(showSearch(state.tr, query, result, next));
    }
    return true;
  };
}

/** Replaces the current match and moves to the next one. */
export function replaceCurrentMatch(replacement: string) {
  return (state: EditorState, dispatch?: Dispatch): boolean => {
    const { query, result, current } = findState(state);
    const match = result.matches[current];
    if (!match) return false;
    if (dispatch) {
      const tr = replaceMatches(state.tr, [match], replacement);
      const after = tr.mapping.map(match.to);
      const found = findMatches(tr.doc, query);
      dispatch(showSearch(tr, query, found, matchIndexFrom(found.matches, after)));
    }
    return true;
  };
}

/**
 * Replaces every match in one transaction (one undo step). Searched without the display limit, so
 * "all" means all. Returns the number replaced through `onReplaced`.
 */
export function replaceAllMatches(replacement: string, onReplaced?: (count: number) => void) {
  return (state: EditorState, dispatch?: Dispatch): boolean => {
    const { query } = findState(state);
    const all: TextMatch[] = findMatches(state.doc, query, Number.POSITIVE_INFINITY).matches;
    if (all.length === 0) return false;
    if (dispatch) {
      const tr = replaceMatches(state.tr, all, replacement);
      const found = findMatches(tr.doc, query);
      const meta: FindMeta = { query, result: found, current: matchIndexFrom(found.matches, 0) };
      dispatch(tr.setMeta(findReplaceKey, meta));
      onReplaced?.(all.length);
    }
    return true;
  };
}

/** Forgets the search: no highlights once the bar is closed. */
export function clearFind(state: EditorState, dispatch?: Dispatch): boolean {
  if (dispatch) {
    const meta: FindMeta = { query: NO_QUERY, result: emptyResult, current: -1 };
    dispatch(state.tr.setMeta(findReplaceKey, meta));
  }
  return true;
}
