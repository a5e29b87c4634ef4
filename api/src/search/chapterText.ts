import { ManuscriptNodes } from '@galley/shared/manuscript/schema';
import type * as Y from 'yjs';
import { readManuscript, type TreeChild, type TreeNode } from '../export/xhtml/manuscriptTree.ts';

/**
 * A chapter's cap in the index. A novel's longest chapter is a few hundred kB of text; past this the
 * text is data pasted into a chapter, and indexing it would cost every node memory for nothing.
 */
export const MAX_CHAPTER_TEXT_LENGTH = 500_000;

/**
 * The searchable text of a chapter's Y.Doc (the ProseMirror `default` fragment, read through the
 * exporter's tree): one line per text block, so snippets and phrase positions never run words of two
 * paragraphs together. Footnotes, image descriptions and epigraph attributions are text a reader
 * searches for too; they follow the text as lines of their own. Comment threads are not indexed:
 * they are a conversation among the book's people, not the book.
 */
export function chapterPlainText(doc: Y.Doc): string {
  const lines: string[] = [];
  const notes: string[] = [];
  collect(readManuscript(doc), lines, notes);
  return [...lines, ...notes].join('\n').slice(0, MAX_CHAPTER_TEXT_LENGTH);
}

function collect(node: TreeNode, lines: string[], notes: string[]): void {
  addAttributeText(node, notes);
  if (node.content.some((child) => child.kind === 'text')) {
    const line = node.content
      .map((child) => inlineText(child, notes))
      .join('')
      .trim();
    if (line) lines.push(line);
    return;
  }
  for (const child of node.content) if (child.kind === 'node') collect(child, lines, notes);
}

function inlineText(child: TreeChild, notes: string[]): string {
  if (child.kind === 'text') return child.text;
  addAttributeText(child, notes);
  return child.type === ManuscriptNodes.hardBreak
    ? ' '
    : child.content.map((c) => inlineText(c, notes)).join('');
}

/** Text a node carries in attributes rather than content. */
function addAttributeText(node: TreeNode, notes: string[]): void {
  for (const name of ['note', 'alt', 'caption', 'credit', 'attribution']) {
    const value = node.attrs[name];
    if (typeof value === 'string' && value.trim()) notes.push(value.trim());
  }
}
