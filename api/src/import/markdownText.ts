import { ErrorCode } from '@galley/shared/errors';
import { ImportRejectedError } from './importErrors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * A Markdown upload as text: it must be UTF-8 (ASCII is) without NUL bytes, which no text file has
 * and every binary file (a .docx renamed .md, an image) does.
 */
export function decodeMarkdownText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw notText();
  }
  if (text.includes('\u0000')) throw notText();
  if (text.trim() === '') {
    throw new ImportRejectedError(ErrorCode.importEmpty, 'The file is empty: there is nothing to import.');
  }
  return text;
}

const notText = () =>
  new ImportRejectedError(ErrorCode.importNotText, 'The file is not Markdown text (UTF-8).');
