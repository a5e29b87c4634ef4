import { Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

/**
 * Test kit: a ProseMirror schema with the manuscript's shapes that matter for positions: nested blocks, leaf
 * blocks, inline atoms with attributes and marks. y-prosemirror writes it to Yjs exactly as the
 * editor does, so the walker's positions can be checked against ProseMirror's own.
 */
export const manuscriptSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    bulletList: { group: 'block', content: 'listItem+' },
    listItem: { content: 'paragraph block*' },
    heading: { group: 'block', content: 'inline*', attrs: { level: { default: 1 }, id: { default: null } } },
    blockquote: { group: 'block', content: 'block+' },
    horizontalRule: { group: 'block' },
    image: { group: 'block', attrs: { alt: { default: null }, src: { default: '' } } },
    text: { group: 'inline' },
    footnote: {
      group: 'inline',
      inline: true,
      atom: true,
      attrs: { note: { default: '' }, id: { default: null } },
    },
    hardBreak: { group: 'inline', inline: true },
  },
  marks: { bold: {}, italic: {}, link: { attrs: { href: { default: '' } } } },
});

type Json = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: Json[];
  text?: string;
  marks?: Json[];
};

/** A chapter's Y.Doc written the way the editor writes it (y-prosemirror into the `default` fragment). */
export function chapterDoc(...blocks: Json[]): Y.Doc {
  return prosemirrorJSONToYDoc(
    manuscriptSchema,
    { type: 'doc', content: blocks.length ? blocks : [p()] },
    'default',
  );
}

export const text = (value: string, ...marks: Json[]): Json => ({
  type: 'text',
  text: value,
  ...(marks.length ? { marks } : {}),
});
export const p = (...content: (Json | string)[]): Json => ({
  type: 'paragraph',
  content: content.map((c) => (typeof c === 'string' ? text(c) : c)),
});
export const h = (level: number, value: string, id?: string): Json => ({
  type: 'heading',
  attrs: { level, ...(id ? { id } : {}) },
  content: [text(value)],
});
export const link = (href: string) => ({ type: 'link', attrs: { href } });
export const image = (alt: string | null): Json => ({ type: 'image', attrs: { alt, src: 'x.png' } });
export const footnote = (note: string, id?: string): Json => ({
  type: 'footnote',
  attrs: { note, ...(id ? { id } : {}) },
});
