import * as Y from 'yjs';
import { DocRoots } from '../sync/protocol.ts';

export interface TextCounts {
  words: number;
  /** Unicode code points of the running text, spaces included (what "characters" means to a writer). */
  characters: number;
}

/**
 * A word is a run of letters or digits; an apostrophe or hyphen between two such runs keeps them one
 * word ("don't", "well-known", "rock'n'roll"), and so does a point or comma between digits ("3.14",
 * "1,000"). Dashes, quotes and other punctuation standing alone are not words. Combining marks stay
 * with their letter. Scripts written without spaces (CJK) count one word per run: not handled yet.
 */
const WORD = /[\p{L}\p{N}\p{M}]+(?:(?:['’‘-][\p{L}\p{N}\p{M}]+)|(?:[.,]\p{N}+))*/gu;

export function countText(text: string): TextCounts {
  let words = 0;
  for (const _ of text.matchAll(WORD)) words += 1;
  let characters = 0;
  for (const _ of text) characters += 1;
  return { words, characters };
}

/**
 * Counts a chapter's manuscript (the `default` fragment that y-prosemirror writes), block by block so
 * that two paragraphs never glue their edge words together. Comment threads (the `comments` root) and
 * node attributes (footnote notes, alt text, captions) are not running text and are left out, the
 * same as the editor's own counter.
 */
export function countChapterDoc(doc: Y.Doc): TextCounts {
  const pieces: string[] = [];
  collectText(doc.getXmlFragment(DocRoots.text), pieces);
  const total: TextCounts = { words: 0, characters: 0 };
  for (const piece of pieces) {
    const counts = countText(piece);
    total.words += counts.words;
    total.characters += counts.characters;
  }
  return total;
}

function collectText(parent: Y.XmlFragment | Y.XmlElement, pieces: string[]): void {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      let text = '';
      for (const op of child.toDelta() as { insert: unknown }[]) {
        if (typeof op.insert === 'string') text += op.insert;
      }
      pieces.push(text);
    } else if (child instanceof Y.XmlElement) {
      collectText(child, pieces);
    }
  }
}

/** Sums per-chapter counts into the book's. */
export function sumCounts(counts: readonly TextCounts[]): TextCounts {
  return counts.reduce(
    (sum, c) => ({ words: sum.words + c.words, characters: sum.characters + c.characters }),
    {
      words: 0,
      characters: 0,
    },
  );
}
