import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { mergeAttributes, Node } from '@tiptap/core';
import { ReactNodeViewRenderer } from '@tiptap/react';
import { ImageFigureView } from '../images/ImageFigureView.tsx';
import { PENDING_UPLOAD_ATTR } from '../images/imageDocument.ts';

/** The attrs of a manuscript image (shared/src/manuscript/schema.ts), plus the pending-upload marker. */
export interface ImageFigureAttrs {
  mediaId: string | null;
  src: string | null;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** Whose device still holds the bytes (see images/imageDocument.ts); null once the library has them. */
  pendingUpload: string | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    imageFigure: { insertImageFigure: (attrs: Partial<ImageFigureAttrs>) => ReturnType };
  }
}

/** An attr kept as a data-* attribute, so it round-trips through HTML (copy and paste inside the editor). */
const dataAttr = (attr: keyof ImageFigureAttrs, html: string) => ({
  default: null,
  parseHTML: (el: HTMLElement) => el.getAttribute(html),
  renderHTML: (attrs: Record<string, unknown>) => (attrs[attr] ? { [html]: attrs[attr] } : {}),
});

/**
 * A manuscript image: a block atom, written to the Y.Doc as an `image` element with the attrs the
 * exporter and validator read (mediaId, src, alt, caption, credit). Only images of the book's media
 * library are parsed from HTML: a pasted image from elsewhere has no library item the book could carry.
 */
export const ImageFigure = Node.create({
  name: ManuscriptNodes.image,
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return {
      mediaId: dataAttr('mediaId', 'data-media-id'),
      pendingUpload: dataAttr('pendingUpload', 'data-pending-upload'),
      src: { default: null, rendered: false },
      alt: { default: '', rendered: false },
      caption: { default: null, rendered: false },
      credit: { default: null, rendered: false },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure[data-media-id]',
        getAttrs: (el) => {
          const img = el.querySelector('img');
          return {
            src: img?.getAttribute('src') || null,
            alt: img?.getAttribute('alt') ?? '',
            caption: el.querySelector('figcaption .caption')?.textContent || null,
            credit: el.querySelector('figcaption .credit')?.textContent || null,
          };
        },
      },
    ];
  },
  renderHTML({ node, HTMLAttributes }) {
    const { src, alt, caption, credit } = node.attrs as ImageFigureAttrs;
    const captionParts: unknown[] = [];
    if (caption) captionParts.push(['span', { class: 'caption' }, caption]);
    if (credit) captionParts.push(['span', { class: 'credit' }, credit]);
    return [
      'figure',
      mergeAttributes(HTMLAttributes, { class: 'manuscript-image' }),
      ['img', { ...(src ? { src } : {}), alt: alt ?? '' }],
      ...(captionParts.length ? [['figcaption', {}, ...captionParts]] : []),
    ] as never;
  },
  renderText({ node }) {
    return node.attrs.alt ? `[${node.attrs.alt}]` : '';
  },
  addNodeView() {
    return ReactNodeViewRenderer(ImageFigureView);
  },
  addCommands() {
    return {
      insertImageFigure:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { [PENDING_UPLOAD_ATTR]: null, ...attrs } }),
    };
  },
});
