import { Extension } from '@tiptap/core';
import { findReplacePlugin } from './findReplacePlugin.ts';

/** Find and replace highlights; the find bar (FindBar.tsx) drives them through findReplacePlugin's commands. */
export const FindReplace = Extension.create({
  name: 'findReplace',
  addProseMirrorPlugins() {
    return [findReplacePlugin()];
  },
});
