/**
 * The shape of a manuscript inside a chapter's Y.Doc, declared once for the three programs that read
 * it: the TipTap editor (client), the EPUB exporter and the validator (api).
 *
 * y-prosemirror stores the ProseMirror document in the `default` Y.XmlFragment (see
 * `DocRoots.text`): every block or inline node is a Y.XmlElement whose `nodeName` is the node's name
 * and whose attributes are the node's attrs; text is a Y.XmlText whose formatting attributes are the
 * marks (`{ bold: {} }`, `{ link: { href } }`). Comment threads are NOT marks: they live in the
 * `comments` root map, anchored by relative positions (see `commentThread.ts`), so a `comment` token
 * can be checked by which root an update touches.
 */

/** Block and inline node names. Most are TipTap's own names so StarterKit's extensions keep working. */
export const ManuscriptNodes = {
  paragraph: 'paragraph',
  /** level 1 is the chapter title (at most one, first); 2–4 are sections. */
  heading: 'heading',
  blockquote: 'blockquote',
  /** An epigraph: one or more paragraphs and an optional attribution, set apart from the text. */
  epigraph: 'epigraph',
  /** `attribution` attr (plain text): who said it. */
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  listItem: 'listItem',
  /** A scene break (rendered as a centred ornament); TipTap's horizontal rule under its own name. */
  sceneBreak: 'horizontalRule',
  hardBreak: 'hardBreak',
  /** attrs: `mediaId` (the book's media library item), `src` (display URL), `alt` (required), `caption`, `credit`. */
  image: 'image',
  table: 'table',
  tableRow: 'tableRow',
  tableHeader: 'tableHeader',
  tableCell: 'tableCell',
  /** Inline atom; attrs: `id` (stable, for links), `note` (the footnote's text, plain). */
  footnote: 'footnote',
  codeBlock: 'codeBlock',
} as const;

export const ManuscriptMarks = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strike: 'strike',
  smallCaps: 'smallCaps',
  code: 'code',
  /** attrs: `href`. Internal links point at `#<id>` of a heading or footnote in the book, or `chapter:<chapterId>`. */
  link: 'link',
  superscript: 'superscript',
  subscript: 'subscript',
} as const;

export type ManuscriptNode = (typeof ManuscriptNodes)[keyof typeof ManuscriptNodes];
export type ManuscriptMark = (typeof ManuscriptMarks)[keyof typeof ManuscriptMarks];

/** Heading levels an author may use: H1 is the chapter title, H2–H4 sections. */
export const HEADING_LEVELS = [1, 2, 3, 4] as const;

/** Links to another chapter are written `chapter:<chapterId>`; the exporter rewrites them to files. */
export const CHAPTER_LINK_PREFIX = 'chapter:';
