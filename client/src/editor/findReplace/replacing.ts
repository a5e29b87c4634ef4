import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import type { TextMatch } from './matching.ts';

/**
 * The marks the replacement takes: those of the match's first character, so "hel**lo**" becomes plain
 * text like the "hel" it starts with, and a word inside a link or in italics stays linked or italic.
 */
export function marksForReplacement(doc: ProseMirrorNode, match: TextMatch): readonly Mark[] {
  return doc.nodeAt(match.from)?.marks ?? [];
}

/**
 * Replaces the matches (in document order, not overlapping) with `replacement`, in `tr`: from the
 * last to the first, so the positions of the ones still to do are not moved by the ones done. One
 * transaction, so Replace all is one undo step. Only text changes: blocks, other inline nodes and the
 * marks around each match stay as they were.
 */
export function replaceMatches(
  tr: Transaction,
  matches: readonly TextMatch[],
  replacement: string,
): Transaction {
  const { schema } = tr.doc.type;
  for (let i = matches.length - 1; i >= 0; i--) {
    const match = matches[i]!;
    if (replacement === '') {
      tr.delete(match.from, match.to);
    } else {
      const marks = marksForReplacement(tr.doc, match);
      tr.replaceWith(match.from, match.to, schema.text(replacement, marks));
    }
  }
  return tr;
}
