import { createHash, randomUUID } from 'node:crypto';
import { MEDIA_ALT_MAX } from '@galley/shared/api/media';
import { ErrorCode } from '@galley/shared/errors';
import { ManuscriptMarks, ManuscriptNodes } from '@galley/shared/manuscript/schema';
import mammoth from 'mammoth';
import { ulid } from 'ulid';
import type { TextRun, TreeChild, TreeNode } from '../export/xhtml/manuscriptTree.ts';
import { inspectImage, sniffImageType } from '../media/imageInspector.ts';
import { ImportFailure } from './importErrors.ts';
import {
  type ConvertedFile,
  hasContent,
  type ImportedImage,
  node,
  safeHref,
  textRun,
  warning,
} from './importedManuscript.ts';
import { buildLists, type ListParagraph } from './listBuilder.ts';

/** The parts of mammoth's document model we read (lib/documents.js; mammoth does not type it). */
interface MammothElement {
  type: string;
  children?: MammothElement[];
  value?: string;
  styleId?: string | null;
  styleName?: string | null;
  numbering?: { level: string | number; isOrdered: boolean } | null;
  isBold?: boolean;
  isItalic?: boolean;
  isUnderline?: boolean;
  isStrikethrough?: boolean;
  isSmallCaps?: boolean;
  verticalAlignment?: string;
  href?: string;
  breakType?: string;
  noteType?: string;
  noteId?: string;
  isHeader?: boolean;
  colSpan?: number;
  rowSpan?: number;
  altText?: string;
  contentType?: string;
  readAsBuffer?: () => Promise<Buffer>;
}
interface MammothDocument {
  children: MammothElement[];
  notes: { resolve(reference: MammothElement): { body: MammothElement[] } | null };
}

type Mark = TextRun['marks'][number];
/** An image pulled out of its paragraph: the manuscript's images are blocks. */
type InlineItem = TreeChild | { kind: 'image'; image: TreeNode };

/** Word's built-in heading styles ("Heading 1" … "Heading 9"), by name or by id. */
function headingLevel(paragraph: MammothElement): number | null {
  const match =
    /^heading\s*([1-9])$/i.exec(paragraph.styleName ?? '') ??
    /^heading([1-9])$/i.exec(paragraph.styleId ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * Converts a checked DOCX (see docxZipCheck.ts) with mammoth's reader. Mammoth's own output is HTML;
 * we take its document model instead (`transformDocument` sees it before the HTML step) and map it to
 * the manuscript ourselves, so nothing goes through an HTML parser and marks, footnotes and images keep
 * their meaning. Headings stay at Word's levels; chapterSplitter.ts decides chapters afterwards.
 */
export async function convertDocx(bytes: Buffer): Promise<ConvertedFile> {
  let captured: MammothDocument | null = null;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        transformDocument: (document: MammothDocument) => {
          captured = document;
          // An empty document for the HTML step: we do not need mammoth's HTML, so it costs nothing.
          return { type: 'document', children: [], notes: document.notes, comments: [] };
        },
      },
    );
    void result;
  } catch {
    throw new ImportFailure(
      ErrorCode.importCorrupt,
      'The Word document could not be read; it may be damaged.',
    );
  }
  if (!captured) throw new ImportFailure(ErrorCode.importCorrupt, 'The Word document has no body.');
  const converter = new DocxConverter(captured);
  const blocks = await converter.blocks((captured as MammothDocument).children);
  return { blocks, images: converter.images, warnings: converter.warnings };
}

class DocxConverter {
  readonly images: ImportedImage[] = [];
  readonly warnings: ConvertedFile['warnings'] = [];
  private readonly imagesByHash = new Map<string, ImportedImage>();

  constructor(private readonly document: MammothDocument) {}

  /** Block elements in order; consecutive numbered paragraphs become (nested) lists. */
  async blocks(elements: MammothElement[]): Promise<TreeNode[]> {
    const out: TreeNode[] = [];
    let pendingList: ListParagraph[] = [];
    const flushList = () => {
      if (pendingList.length) out.push(...buildLists(pendingList));
      pendingList = [];
    };
    for (const element of elements) {
      if (element.type === 'paragraph') {
        const pieces = await this.paragraph(element);
        if (element.numbering && headingLevel(element) === null) {
          const level = Number(element.numbering.level) || 0;
          for (const piece of pieces) {
            if (piece.type === ManuscriptNodes.paragraph) {
              pendingList.push({ level, ordered: element.numbering.isOrdered, paragraph: piece });
            } else {
              flushList();
              out.push(piece);
            }
          }
          continue;
        }
        flushList();
        out.push(...pieces);
      } else if (element.type === 'table') {
        flushList();
        out.push(await this.table(element));
      } else if (element.children) {
        // Content controls and the like: mammoth already flattened what it knows; keep what is inside.
        flushList();
        out.push(...(await this.blocks(element.children)));
      }
    }
    flushList();
    return out;
  }

  /** A paragraph or heading, split around its images (each becomes an image block after its text). */
  private async paragraph(element: MammothElement): Promise<TreeNode[]> {
    const level = headingLevel(element);
    const items = await this.inline(element.children ?? [], []);
    const blocks: TreeNode[] = [];
    let current: TreeChild[] = [];
    const flush = () => {
      const block =
        level === null
          ? node(ManuscriptNodes.paragraph, {}, current)
          : node(ManuscriptNodes.heading, { level }, current);
      if (hasContent(block)) blocks.push(block);
      current = [];
    };
    for (const item of items) {
      if (item.kind === 'image') {
        flush();
        blocks.push(item.image);
      } else current.push(item);
    }
    flush();
    return blocks;
  }

  private async inline(children: MammothElement[], marks: Mark[]): Promise<InlineItem[]> {
    const out: InlineItem[] = [];
    for (const child of children) {
      switch (child.type) {
        case 'text':
          if (child.value) out.push(textRun(child.value, marks));
          break;
        case 'tab':
          out.push(textRun(' ', marks));
          break;
        case 'break':
          if (child.breakType === 'line') out.push(node(ManuscriptNodes.hardBreak));
          break;
        case 'run':
          out.push(...(await this.inline(child.children ?? [], [...marks, ...runMarks(child)])));
          break;
        case 'hyperlink': {
          const href = safeHref(child.href);
          const linked = href ? [...marks, { type: ManuscriptMarks.link, attrs: { href } }] : marks;
          out.push(...(await this.inline(child.children ?? [], linked)));
          break;
        }
        case 'noteReference':
          out.push(this.footnote(child));
          break;
        case 'image': {
          const image = await this.image(child);
          if (image) out.push({ kind: 'image', image });
          break;
        }
        default:
          // Bookmarks, comment anchors, checkboxes: nothing a reader of the manuscript sees.
          if (child.children) out.push(...(await this.inline(child.children, marks)));
      }
    }
    return out;
  }

  private footnote(reference: MammothElement): TreeNode {
    const note = this.document.notes.resolve(reference);
    const text = note ? plainText(note.body).trim() : '';
    // Random like the editor's own (footnote.ts): ids stay unique in a book that is imported into twice.
    return node(ManuscriptNodes.footnote, { id: `fn-${randomUUID().slice(0, 8)}`, note: text });
  }

  /** The image's bytes go to the media library (deduplicated); unsupported images are left out with a warning. */
  private async image(element: MammothElement): Promise<TreeNode | null> {
    const bytes = element.readAsBuffer ? await element.readAsBuffer().catch(() => null) : null;
    if (!bytes) {
      this.warnings.push(warning('image_unreadable', 'An image could not be read and was left out.'));
      return null;
    }
    const alt = (element.altText ?? '').trim().slice(0, MEDIA_ALT_MAX);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const known = this.imagesByHash.get(hash);
    if (known) return imageNode(known.mediaId, alt || known.alt);
    const sniffed = sniffImageType(bytes);
    if (!sniffed) {
      this.warnings.push(
        warning(
          'image_unsupported',
          `An image (${element.contentType ?? 'unknown type'}) is not a JPEG or PNG and was left out.`,
        ),
      );
      return null;
    }
    const inspection = inspectImage(bytes, { kind: 'image', contentType: sniffed, bytes: bytes.length });
    if (!inspection.ok) {
      this.warnings.push(warning('image_rejected', `An image was left out: ${inspection.message}`));
      return null;
    }
    const image: ImportedImage = {
      mediaId: ulid(),
      bytes,
      contentType: inspection.contentType,
      width: inspection.width,
      height: inspection.height,
      alt,
    };
    this.images.push(image);
    this.imagesByHash.set(hash, image);
    return imageNode(image.mediaId, alt);
  }

  private async table(element: MammothElement): Promise<TreeNode> {
    const rows: TreeNode[] = [];
    for (const row of element.children ?? []) {
      if (row.type !== 'tableRow') continue;
      const cells: TreeNode[] = [];
      for (const cell of row.children ?? []) {
        if (cell.type !== 'tableCell') continue;
        const content = await this.blocks(cell.children ?? []);
        const attrs = { colspan: cell.colSpan ?? 1, rowspan: cell.rowSpan ?? 1 };
        cells.push(
          node(
            row.isHeader ? ManuscriptNodes.tableHeader : ManuscriptNodes.tableCell,
            attrs,
            // A cell holds at least one block (ProseMirror's table schema).
            content.length ? content : [node(ManuscriptNodes.paragraph)],
          ),
        );
      }
      if (cells.length) rows.push(node(ManuscriptNodes.tableRow, {}, cells));
    }
    return node(ManuscriptNodes.table, {}, rows);
  }
}

const imageNode = (mediaId: string, alt: string) =>
  node(ManuscriptNodes.image, { mediaId, alt, caption: null });

function runMarks(run: MammothElement): Mark[] {
  const marks: Mark[] = [];
  const add = (type: string) => marks.push({ type, attrs: {} });
  if (run.isBold) add(ManuscriptMarks.bold);
  if (run.isItalic) add(ManuscriptMarks.italic);
  if (run.isUnderline) add(ManuscriptMarks.underline);
  if (run.isStrikethrough) add(ManuscriptMarks.strike);
  if (run.isSmallCaps) add(ManuscriptMarks.smallCaps);
  if (run.verticalAlignment === 'superscript') add(ManuscriptMarks.superscript);
  if (run.verticalAlignment === 'subscript') add(ManuscriptMarks.subscript);
  return marks;
}

/** A note's paragraphs as one line of plain text (the footnote node's `note` is plain text). */
function plainText(elements: MammothElement[]): string {
  return elements
    .map((element) => {
      if (element.type === 'text') return element.value ?? '';
      if (element.type === 'tab' || element.type === 'break') return ' ';
      const inner = plainText(element.children ?? []);
      return element.type === 'paragraph' ? `${inner} ` : inner;
    })
    .join('')
    .replace(/\s+/g, ' ');
}
