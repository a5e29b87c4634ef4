import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { cleanPastedHtml } from './cleanPastedHtml.ts';

/**
 * HTML on the clipboard, cleaned before ProseMirror reads it. ProseMirror's own HTML (copied inside
 * Galley, marked `data-pm-slice`) is left as it is: it already holds exactly our nodes and marks,
 * footnotes and epigraphs included, which cleaning would lose.
 */
export function cleanClipboardHtml(html: string): string {
  if (html.includes('data-pm-slice')) return html;
  // DOMParser builds an inert document: no script runs and no image loads while we read it.
  const document = new DOMParser().parseFromString(html, 'text/html');
  return cleanPastedHtml(document.body);
}

export const PasteCleaner = Extension.create({
  name: 'pasteCleaner',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pasteCleaner'),
        props: { transformPastedHTML: (html) => cleanClipboardHtml(html) },
      }),
    ];
  },
});
