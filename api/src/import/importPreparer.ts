import { IMPORT_MAX_WARNINGS, type ImportFormat, type ImportWarning } from '@galley/shared/api/imports';
import { ErrorCode } from '@galley/shared/errors';
import { type SplitChapter, splitIntoChapters } from './chapterSplitter.ts';
import { convertDocx } from './docxConverter.ts';
import { ImportFailure } from './importErrors.ts';
import type { ConvertedFile, ImportedImage } from './importedManuscript.ts';
import { convertMarkdown } from './markdownConverter.ts';
import { decodeMarkdownText } from './markdownText.ts';

export interface PreparedImport {
  chapters: SplitChapter[];
  images: ImportedImage[];
  warnings: ImportWarning[];
  warningsTruncated: boolean;
}

/** The title of text that comes before any heading: the file's name without its extension. */
export function titleFromFileName(fileName: string | null): string {
  const base = (fileName ?? '').replace(/\.(docx|md|markdown|txt)$/i, '').trim();
  return base.slice(0, 200) || 'Imported text';
}

/** Converts a checked file into chapters and images, in memory: nothing is written here. */
export async function prepareImport(
  bytes: Buffer,
  format: ImportFormat,
  untitled: string,
): Promise<PreparedImport> {
  const converted: ConvertedFile =
    format === 'docx' ? await convertDocx(bytes) : convertMarkdown(decodeMarkdownText(bytes));
  if (converted.blocks.length === 0) {
    throw new ImportFailure(ErrorCode.importEmpty, 'The file has no text to import.');
  }
  const chapters = splitIntoChapters(converted.blocks, untitled);
  return {
    chapters,
    images: converted.images,
    warnings: converted.warnings.slice(0, IMPORT_MAX_WARNINGS),
    warningsTruncated: converted.warnings.length > IMPORT_MAX_WARNINGS,
  };
}
