import { ManuscriptMarks } from '@galley/shared/manuscript/schema';
import { Mark, mergeAttributes } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    smallCaps: { toggleSmallCaps: () => ReturnType };
  }
}

/** Small capitals (acronyms, the first words of a chapter). The exporter reads the same mark name. */
export const SmallCaps = Mark.create({
  name: ManuscriptMarks.smallCaps,
  parseHTML() {
    return [
      { tag: 'span.small-caps' },
      { style: 'font-variant', getAttrs: (v) => (v === 'small-caps' ? {} : false) },
    ];
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { class: 'small-caps' }), 0];
  },
  addCommands() {
    return {
      toggleSmallCaps:
        () =>
        ({ commands }) =>
          commands.toggleMark(this.name),
    };
  },
  addKeyboardShortcuts() {
    return { 'Mod-Shift-k': () => this.editor.commands.toggleSmallCaps() };
  },
});
