import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type * as Y from 'yjs';
import { commentAnchorFollowPlugin } from './anchorFollowPlugin.ts';
import { type ThreadEditorRange, threadEditorRanges } from './commentRanges.ts';
import { currentThreads } from './currentThreads.ts';
import { isLeafIn } from './positions.ts';

export interface CommentHighlightsState {
  /** Editor ranges of the threads on text (resolved ones included, so "show in text" can find them). */
  ranges: ThreadEditorRange[];
  activeThreadId: string | null;
  decorations: DecorationSet;
}

type HighlightsMeta = { refresh: true } | { activeThreadId: string | null };

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>('commentHighlights');

export interface CommentHighlightsOptions {
  /** The chapter's Y.Doc (the one Collaboration is bound to); without it the extension does nothing. */
  doc: Y.Doc | null;
}

export interface CommentHighlightsStorage {
  /** Set by the comments panel: what Mod-Alt-M (start a comment on the selection) does. */
  onCommentShortcut: (() => void) | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    commentHighlights: {
      /** Emphasises one thread's text (null: none), e.g. when its card in the panel is chosen. */
      setActiveCommentThread: (threadId: string | null) => ReturnType;
    };
  }
  interface Storage {
    commentHighlights: CommentHighlightsStorage;
  }
}

/**
 * Highlights the text comment threads are anchored to, with decorations (never marks: the text and
 * its Yjs history stay untouched, and a reader with a comment token could not write marks anyway).
 *
 * Anchors are Yjs relative positions, so the ranges are recomputed from the Y.Doc after every change
 * to it (local typing once the binding has written it, remote edits, new comments), at most once per
 * animation frame. In between, a local edit maps the previous ranges through the transaction, since
 * the Y.Doc only catches up after ProseMirror has applied it.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions, CommentHighlightsStorage>({
  name: 'commentHighlights',

  addOptions() {
    return { doc: null };
  },

  addStorage() {
    return { onCommentShortcut: null };
  },

  addCommands() {
    return {
      setActiveCommentThread:
        (threadId) =>
        ({ tr, dispatch }) => {
          if (dispatch)
            tr.setMeta(commentHighlightsKey, { activeThreadId: threadId } satisfies HighlightsMeta);
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        const handler = this.storage.onCommentShortcut;
        if (!handler) return false;
        handler();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const { doc } = this.options;
    if (!doc) return [];
    // Threads follow their words through the author's structural edits (anchorFollow.ts).
    return [
      commentHighlightsPlugin(doc, this.editor.schema),
      commentAnchorFollowPlugin(doc, this.editor.schema),
    ];
  },
});

/** The plugin behind CommentHighlights, usable on a bare EditorState (tests build one without a DOM). */
export function commentHighlightsPlugin(doc: Y.Doc, schema: Schema): Plugin<CommentHighlightsState> {
  const isLeaf = isLeafIn(schema);
  const rangesNow = (pmDoc: ProseMirrorNode) =>
    threadEditorRanges(doc, currentThreads(doc), isLeaf, pmDoc.content.size);
  return new Plugin<CommentHighlightsState>({
    key: commentHighlightsKey,
    state: {
      init: (_, state) => withDecorations(rangesNow(state.doc), null, state.doc),
      apply: (tr, previous, _oldState, newState) => nextState(tr, previous, newState.doc, rangesNow),
    },
    props: {
      decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
      handleClick: (view, position) => {
        const state = commentHighlightsKey.getState(view.state);
        if (!state) return false;
        const hit = innermostRangeAt(state.ranges, position);
        if ((hit?.id ?? null) !== state.activeThreadId) {
          view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { activeThreadId: hit?.id ?? null }));
        }
        return false;
      },
    },
    view: (view) => {
      let scheduled = false;
      let destroyed = false;
      const refresh = () => {
        scheduled = false;
        if (destroyed || view.isDestroyed) return;
        view.dispatch(refreshHighlights(view.state.tr).setMeta('addToHistory', false));
      };
      // 'update' fires only for transactions that changed something, unlike 'afterTransaction',
      // which the sync binding triggers on every editor update (our refresh included): no loop.
      const onUpdate = () => {
        if (scheduled) return;
        scheduled = true;
        if (typeof requestAnimationFrame === 'function') requestAnimationFrame(refresh);
        else queueMicrotask(refresh);
      };
      doc.on('update', onUpdate);
      scheduled = true;
      queueMicrotask(refresh);
      return {
        destroy: () => {
          destroyed = true;
          doc.off('update', onUpdate);
        },
      };
    },
  });
}

/** Asks the plugin to recompute every range from the Y.Doc (what its view does after each Y.Doc change). */
export function refreshHighlights(tr: Transaction): Transaction {
  const meta: HighlightsMeta = { refresh: true };
  return tr.setMeta(commentHighlightsKey, meta);
}

function nextState(
  tr: Transaction,
  previous: CommentHighlightsState,
  pmDoc: ProseMirrorNode,
  rangesNow: (pmDoc: ProseMirrorNode) => ThreadEditorRange[],
): CommentHighlightsState {
  const meta = tr.getMeta(commentHighlightsKey) as HighlightsMeta | undefined;
  let ranges = previous.ranges;
  if (meta && 'refresh' in meta) {
    ranges = rangesNow(pmDoc);
  } else if (tr.docChanged && isChangeOrigin(tr)) {
    // The sync binding replaces the whole document with what the Y.Doc holds (mapping would collapse
    // every range); the Y.Doc is already up to date, so read the ranges from it.
    ranges = rangesNow(pmDoc);
  } else if (tr.docChanged) {
    ranges = mapRanges(ranges, tr);
  }
  const activeThreadId = meta && 'activeThreadId' in meta ? meta.activeThreadId : previous.activeThreadId;
  const unchanged = ranges === previous.ranges && activeThreadId === previous.activeThreadId;
  if (unchanged) return previous;
  return withDecorations(ranges, activeThreadId, pmDoc);
}

function mapRanges(ranges: readonly ThreadEditorRange[], tr: Transaction): ThreadEditorRange[] {
  return ranges
    .map((range) => ({ ...range, from: tr.mapping.map(range.from, 1), to: tr.mapping.map(range.to, -1) }))
    .filter((range) => range.from < range.to);
}

function withDecorations(
  ranges: ThreadEditorRange[],
  activeThreadId: string | null,
  pmDoc: ProseMirrorNode,
): CommentHighlightsState {
  const decorations = ranges
    .filter((range) => !range.resolved || range.id === activeThreadId)
    .map((range) =>
      Decoration.inline(
        range.from,
        range.to,
        {
          class:
            range.id === activeThreadId ? 'comment-highlight comment-highlight-active' : 'comment-highlight',
          'data-comment-thread': range.id,
        },
        { threadId: range.id },
      ),
    );
  return { ranges, activeThreadId, decorations: DecorationSet.create(pmDoc, decorations) };
}

/** The shortest range around a position: with nested threads, a click means the most specific one. */
export function innermostRangeAt(
  ranges: readonly ThreadEditorRange[],
  position: number,
): ThreadEditorRange | null {
  let best: ThreadEditorRange | null = null;
  for (const range of ranges) {
    if (range.resolved || position < range.from || position > range.to) continue;
    if (!best || range.to - range.from < best.to - best.from) best = range;
  }
  return best;
}
