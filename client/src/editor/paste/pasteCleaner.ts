import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { Extension } from '@tiptap/core';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';
import { type CleanOptions, cleanPastedHtml } from './cleanPastedHtml.ts';

/**
 * HTML on the clipboard, cleaned before ProseMirror reads it. ProseMirror's own HTML (copied inside
 * Galley, marked `data-pm-slice`) is left as it is: it already holds exactly our nodes and marks,
 * footnotes and epigraphs included, which cleaning would lose.
 */
export function cleanClipboardHtml(html: string, options: CleanOptions = {}): string {
  if (html.includes('data-pm-slice')) return html;
  // DOMParser builds an inert document: no script runs and no image loads while we read it.
  const document = new DOMParser().parseFromString(html, 'text/html');
  return cleanPastedHtml(document.body, options);
}

/** Whether the chapter keeps a title (H1) that the paste does not replace: then it is the only one. */
export function hasTitleOutsideSelection(state: EditorState): boolean {
  const { from, to } = state.selection;
  let found = false;
  state.doc.descendants((node, position) => {
    if (found) return false;
    if (node.type.name === ManuscriptNodes.heading && node.attrs.level === 1) {
      found = position + node.nodeSize <= from || position >= to;
    }
    return node.isBlock && !node.isTextblock;
  });
  return found;
}

export const PasteCleaner = Extension.create({
  name: 'pasteCleaner',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pasteCleaner'),
        props: {
          transformPastedHTML: (html, view) =>
            cleanClipboardHtml(html, { titleTaken: hasTitleOutsideSelection(view.state) }),
        },
      }),
    ];
  },
});
