import type { ImportWarning } from '@galley/shared/api/imports';
import type { MediaContentType } from '@galley/shared/api/media';
import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import type { TextRun, TreeChild, TreeNode } from '../export/xhtml/manuscriptTree.ts';

/**
 * What a converter (DOCX or Markdown) makes of a file, before anything is written: blocks in the
 * manuscript's shape (shared/src/manuscript/schema.ts) with headings at the file's own levels, and the
 * images they refer to by a media id chosen now. Nothing here has touched storage yet, so a failed
 * conversion leaves nothing behind.
 */
export interface ConvertedFile {
  blocks: TreeNode[];
  images: ImportedImage[];
  warnings: ImportWarning[];
}

export interface ImportedImage {
  mediaId: string;
  bytes: Uint8Array;
  contentType: MediaContentType;
  width: number;
  height: number;
  /** From the document; empty when it had none (validation flags the image later). */
  alt: string;
}

export const node = (
  type: string,
  attrs: Record<string, unknown> = {},
  content: TreeChild[] = [],
): TreeNode => ({
  kind: 'node',
  type,
  attrs,
  content,
});

export const textRun = (text: string, marks: TextRun['marks'] = []): TextRun => ({
  kind: 'text',
  text,
  marks,
});

export const warning = (code: string, message: string): ImportWarning => ({
  code,
  message,
  chapterIndex: null,
});

/** Whether a paragraph holds anything a reader would see (Word uses empty ones for spacing). */
export function hasContent(block: TreeNode): boolean {
  return block.content.some((child) =>
    child.kind === 'text' ? child.text.trim() !== '' : child.type !== ManuscriptNodes.hardBreak,
  );
}

/** Only links a reader can follow safely are kept; `javascript:` and the like lose their link. */
export function safeHref(href: string | undefined | null): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  return /^(https?:|mailto:)/i.test(trimmed) && trimmed.length <= 2000 ? trimmed : null;
}
