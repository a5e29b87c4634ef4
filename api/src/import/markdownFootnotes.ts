import { randomUUID } from 'node:crypto';

/**
 * Footnotes in the common Markdown extension (`text[^1]` and a `[^1]: The note.` line anywhere):
 * markdown-it has no footnotes without a plugin, so the definitions are taken out of the source
 * before parsing and the references found in text runs afterwards. A definition may go on over
 * indented lines; a reference without a definition stays as written.
 */
export interface MarkdownFootnotes {
  /** The source without the definitions. */
  source: string;
  /** Note text by label. */
  notes: Map<string, string>;
}

const DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]*(.*)$/;
const CONTINUATION = /^(?: {2,}|\t)(\S.*)$/;

export function extractFootnotes(source: string): MarkdownFootnotes {
  const notes = new Map<string, string>();
  const kept: string[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const definition = DEFINITION.exec(lines[i]!);
    if (!definition) {
      kept.push(lines[i]!);
      continue;
    }
    const parts = [definition[2]!];
    while (i + 1 < lines.length && CONTINUATION.test(lines[i + 1]!))
      parts.push(CONTINUATION.exec(lines[++i]!)![1]!);
    notes.set(definition[1]!, parts.join(' ').trim());
  }
  return { source: kept.join('\n'), notes };
}

export type TextPiece = { text: string } | { footnote: { id: string; note: string } };

/** Splits a text run at its footnote references (only those with a definition). */
export function splitAtReferences(text: string, notes: Map<string, string>): TextPiece[] {
  if (notes.size === 0 || !text.includes('[^')) return [{ text }];
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[\^([^\]\s]+)\]/g)) {
    const note = notes.get(match[1]!);
    if (note === undefined) continue;
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    // Random like the editor's own ids, so two imports into one book never share one.
    pieces.push({ footnote: { id: `fn-${randomUUID().slice(0, 8)}`, note } });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}
