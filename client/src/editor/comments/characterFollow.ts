/**
 * Where a character of the manuscript went through the editor's own steps — the author's knowledge
 * of an edit that the Y.Doc loses when y-prosemirror writes it by deleting and re-inserting text.
 *
 * A step's position map already answers for characters outside the ranges it replaced: a join,
 * split, wrap, lift or block-type change replaces only node boundaries. Inside a replaced range the
 * map can only say "gone", which is wrong when the range was replaced by the same words in another
 * shape: Chromium's own Backspace at a paragraph start sometimes reaches ProseMirror as a DOM change
 * that replaces both paragraphs with the joined one, and a drag deletes a passage and inserts it
 * again elsewhere. So inside a replaced range the characters are matched by text: the common start
 * and end of the old and new characters of the range (what a whole-block replace keeps), and a
 * deleted run that a later step of the same edit inserts again verbatim (a move).
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { StepMap, Transform } from '@tiptap/pm/transform';

/** One step of a local edit: its position map and the documents before and after it. */
export interface EditStep {
  map: StepMap;
  before: ProseMirrorNode;
  after: ProseMirrorNode;
}

export function editSteps(tr: Transform): EditStep[] {
  return tr.steps.map((step, index) => ({
    map: step.getMap(),
    before: tr.docs[index]!,
    after: tr.docs[index + 1] ?? tr.doc,
  }));
}

/** A character (or an inline leaf such as a hard break, as U+FFFC) at an editor position. */
interface Character {
  position: number;
  char: string;
}

/** Inline leaves take part in matching (they are content) but anchors never sit on them. */
const INLINE_LEAF = '\uFFFC';

/** The characters with positions in from..to, in document order. */
export function charactersBetween(doc: ProseMirrorNode, from: number, to: number): Character[] {
  const characters: Character[] = [];
  if (to <= from) return characters;
  doc.nodesBetween(from, to, (node, position) => {
    if (node.isText) {
      const text = node.text ?? '';
      const first = Math.max(from, position);
      const last = Math.min(to, position + text.length);
      for (let at = first; at < last; at++) characters.push({ position: at, char: text[at - position]! });
    } else if (node.isInline && node.isLeaf && position >= from && position < to) {
      characters.push({ position, char: INLINE_LEAF });
    }
    return true;
  });
  return characters;
}

interface Replaced {
  /** Characters of the replaced range before the step that the new content lacks, and the new ones it adds. */
  removed: Character[];
  added: Character[];
  /** Old position → new position of the characters the new content keeps at its start and end. */
  kept: Map<number, number>;
}

/** What replacing oldStart..oldEnd by newStart..newEnd kept, by common start and end of the characters. */
function compareReplaced(
  step: EditStep,
  oldStart: number,
  oldEnd: number,
  newStart: number,
  newEnd: number,
): Replaced {
  const old = charactersBetween(step.before, oldStart, oldEnd);
  const fresh = charactersBetween(step.after, newStart, newEnd);
  let head = 0;
  while (head < old.length && head < fresh.length && old[head]!.char === fresh[head]!.char) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < fresh.length - head &&
    old[old.length - 1 - tail]!.char === fresh[fresh.length - 1 - tail]!.char
  )
    tail++;
  const kept = new Map<number, number>();
  for (let i = 0; i < head; i++) kept.set(old[i]!.position, fresh[i]!.position);
  for (let i = 1; i <= tail; i++) kept.set(old[old.length - i]!.position, fresh[fresh.length - i]!.position);
  return {
    removed: old.slice(head, old.length - tail),
    added: fresh.slice(head, fresh.length - tail),
    kept,
  };
}

/**
 * Follows characters through the steps of one edit. Built once per edit; each step's replaced
 * ranges are compared by text only when a followed character falls inside one.
 */
export class CharacterFollower {
  private readonly compared = new Map<string, Replaced>();

  constructor(private readonly steps: readonly EditStep[]) {}

  /** The position of the character at `position` (before the edit) after it, or null when the edit removed it. */
  follow(position: number): number | null {
    let at = position;
    for (let index = 0; index < this.steps.length; index++) {
      const step = this.steps[index]!;
      const replaced = this.replacedAround(index, at);
      if (!replaced) {
        // Outside every replaced range; an insertion right at `at` goes before the character.
        at = step.map.map(at, 1);
        continue;
      }
      const kept = replaced.kept.get(at);
      if (kept !== undefined) {
        at = kept;
        continue;
      }
      const moved = this.reinsertedLater(index, replaced, at);
      if (!moved) return null;
      at = moved.position;
      index = moved.stepIndex;
    }
    return at;
  }

  /** The comparison of the range step `index` replaced around the character at `at`, if any. */
  private replacedAround(index: number, at: number): Replaced | null {
    const range = replacedRanges(this.steps[index]!.map).find(
      ([oldStart, oldEnd]) => oldStart <= at && at + 1 <= oldEnd,
    );
    return range ? this.comparison(index, range) : null;
  }

  private comparison(index: number, range: ReplacedRange): Replaced {
    const key = `${index}:${range[0]}:${range[1]}`;
    let replaced = this.compared.get(key);
    if (!replaced) {
      replaced = compareReplaced(this.steps[index]!, ...range);
      this.compared.set(key, replaced);
    }
    return replaced;
  }

  /**
   * A move: a later step of the same edit adds exactly the characters this one removed (a drag
   * deletes the passage, then inserts it at the drop point). Returns where the character landed and
   * the step that put it there.
   */
  private reinsertedLater(
    index: number,
    replaced: Replaced,
    at: number,
  ): { position: number; stepIndex: number } | null {
    const offset = replaced.removed.findIndex((character) => character.position === at);
    if (offset === -1) return null;
    const removedText = replaced.removed.map((character) => character.char).join('');
    for (let later = index + 1; later < this.steps.length; later++) {
      for (const range of replacedRanges(this.steps[later]!.map)) {
        const { added } = this.comparison(later, range);
        if (added.map((character) => character.char).join('') === removedText) {
          return { position: added[offset]!.position, stepIndex: later };
        }
      }
    }
    return null;
  }
}

/** oldStart, oldEnd, newStart, newEnd of a range a step replaced. */
type ReplacedRange = [number, number, number, number];

export function replacedRanges(map: StepMap): ReplacedRange[] {
  const ranges: ReplacedRange[] = [];
  map.forEach((oldStart, oldEnd, newStart, newEnd) => {
    ranges.push([oldStart, oldEnd, newStart, newEnd]);
  });
  return ranges;
}

/** How far a range's ends are looked for inward when its first or last character was deleted. */
const MAX_INWARD_SCAN = 256;

/**
 * Where the text of from..to (before the edit) is after it: from its first to its last surviving
 * character. Null when none of its characters is left (the words themselves were deleted).
 */
export function followRange(
  follower: CharacterFollower,
  before: ProseMirrorNode,
  from: number,
  to: number,
): { from: number; to: number } | null {
  const characters = charactersBetween(before, from, to).filter(
    (character) => character.char !== INLINE_LEAF,
  );
  if (characters.length === 0) return null;
  let start: number | null = null;
  for (let i = 0; i < characters.length && i < MAX_INWARD_SCAN && start === null; i++) {
    start = follower.follow(characters[i]!.position);
  }
  let end: number | null = null;
  for (
    let i = characters.length - 1;
    i >= 0 && characters.length - i <= MAX_INWARD_SCAN && end === null;
    i--
  ) {
    end = follower.follow(characters[i]!.position);
  }
  if (start === null || end === null || start > end) return null;
  return { from: start, to: end + 1 };
}
