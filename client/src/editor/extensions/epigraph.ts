import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { mergeAttributes, Node } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    epigraph: { toggleEpigraph: () => ReturnType };
  }
}

/** An epigraph: paragraphs set apart at the head of a chapter, with an optional attribution. */
export const Epigraph = Node.create({
  name: ManuscriptNodes.epigraph,
  group: 'block',
  content: 'paragraph+',
  defining: true,
  addAttributes() {
    return {
      attribution: {
        default: '',
        parseHTML: (el) => el.getAttribute('data-attribution') ?? '',
        renderHTML: (attrs) => (attrs.attribution ? { 'data-attribution': attrs.attribution } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'blockquote.epigraph' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['blockquote', mergeAttributes(HTMLAttributes, { class: 'epigraph' }), 0];
  },
  addCommands() {
    return {
      toggleEpigraph:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    };
  },
});
