import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { mergeAttributes, Node } from '@tiptap/core';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    footnote: { insertFootnote: (note: string) => ReturnType };
  }
}

function newFootnoteId(): string {
  return `fn-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * A footnote: an inline atom whose text lives in the `note` attribute (plain text), with a stable `id`
 * that links and the exporter use. Shown as a numbered-looking marker; the note is its title.
 */
export const Footnote = Node.create({
  name: ManuscriptNodes.footnote,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-footnote-id'),
        renderHTML: (attrs) => ({ 'data-footnote-id': attrs.id }),
      },
      note: {
        default: '',
        parseHTML: (el) => el.getAttribute('data-note') ?? el.textContent ?? '',
        renderHTML: (attrs) => ({ 'data-note': attrs.note, title: attrs.note }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'sup[data-footnote-id]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return [
      'sup',
      mergeAttributes(HTMLAttributes, { class: 'footnote-marker', 'aria-label': 'Footnote' }),
      '*',
    ];
  },
  renderText({ node }) {
    return `[${node.attrs.note}]`;
  },
  addCommands() {
    return {
      insertFootnote:
        (note) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { id: newFootnoteId(), note } }),
    };
  },
});
