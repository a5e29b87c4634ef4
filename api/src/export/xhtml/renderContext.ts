import type { TreeNode } from './manuscriptTree.ts';

/** An image packed into the EPUB, as chapter documents refer to it. */
export interface PackedImage {
  /** Relative to the chapter documents (`../images/<name>`). */
  href: string;
  width: number;
  height: number;
}

/** Something the exporter had to leave out or change, reported with the export (never silently lost). */
export interface RenderProblem {
  code:
    | 'broken_link'
    | 'unsafe_link'
    | 'missing_image'
    | 'image_without_alt'
    | 'unknown_node'
    | 'default_language'
    | 'version_media_not_frozen';
  message: string;
  /** Empty for problems of the whole book (the cover, the language). */
  chapterId: string;
}

/** What the whole book knows while one chapter is rendered. */
export interface BookRenderContext {
  /** Chapter id → its file name inside the text folder. */
  chapterFiles: ReadonlyMap<string, string>;
  /** Author-given id (heading or footnote) → `file#fragment`, book-wide. */
  anchors: ReadonlyMap<string, string>;
  /** Media id → the packed image; missing when the media could not be read. */
  images: ReadonlyMap<string, PackedImage>;
}

/** State of one chapter's rendering: its file, ids, notes collected so far and problems. */
export interface ChapterRenderState {
  book: BookRenderContext;
  chapterId: string;
  file: string;
  ids: ReadonlyMap<TreeNode, string>;
  /** ProseMirror position of every node, for the source marks (see sourceMap.ts). */
  positions: ReadonlyMap<TreeNode, number>;
  notes: { id: string; refId: string; number: number; text: string; position: number | undefined }[];
  problems: RenderProblem[];
  stats: { images: number; imagesWithoutAlt: number; tables: number };
}
