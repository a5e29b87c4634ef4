/**
 * Property tests: a thread's range follows its text through concurrent edits on two replicas, and
 * reports "on deleted text" once every anchored character is gone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createThread, listThreads, threadRange } from './comments.ts';
import { buildManuscript, paragraphTexts, replicaOf, syncBothWays } from './commentTestKit.ts';

const author = { id: 'u-ed', name: 'Ed' };
const now = new Date('2026-11-25T10:00:00.000Z');

const paragraphsArb = fc.array(
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' '), minLength: 1, maxLength: 12 }),
  { minLength: 1, maxLength: 3 },
);

/** Raw numbers, mapped onto whatever the text looks like when the edit runs. */
const editArb = fc.record({
  replica: fc.constantFrom(0, 1),
  kind: fc.constantFrom('insert', 'delete'),
  paragraph: fc.nat(),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 4 }),
  text: fc.string({ unit: fc.constantFrom('X', 'Y', 'Z'), minLength: 1, maxLength: 3 }),
  syncAfter: fc.boolean(),
});
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

interface Chapter {
  replicas: [Y.Doc, Y.Doc];
  threadId: string;
  quote: string;
}

/** A chapter on two synced replicas with one thread over characters first..last (inclusive, counted across paragraphs). */
function setUp(paragraphs: string[], first: number, last: number): Chapter {
  const doc = new Y.Doc();
  const texts = buildManuscript(doc, paragraphs);
  const characters = paragraphs.flatMap((content, paragraph) =>
    [...content].map((_, index) => ({ paragraph, index })),
  );
  const [start, end] = [first % characters.length, last % characters.length].sort((a, b) => a - b);
  const from = characters[start!]!;
  const to = characters[end!]!;
  const threadId = createThread(doc, {
    anchorFrom: { text: texts[from.paragraph]!, index: from.index },
    anchorTo: { text: texts[to.paragraph]!, index: to.index + 1 },
    body: 'Look here',
    author,
    members: [],
    now,
  });
  return { replicas: [doc, replicaOf(doc)], threadId, quote: listThreads(doc)[0]!.quote };
}

/**
 * The thread's range on one replica as offsets over the paragraphs laid end to end, each followed by
 * one boundary position (as in ProseMirror), or null once the range is gone.
 */
function flatRange(doc: Y.Doc, threadId: string): { from: number; to: number } | null {
  const range = threadRange(doc, threadId);
  if (!range) return null;
  return {
    from: flatOffset(doc, range.from.text, range.from.index),
    to: flatOffset(doc, range.to.text, range.to.index),
  };
}

function flatOffset(doc: Y.Doc, text: Y.XmlText, index: number): number {
  let offset = 0;
  for (const candidate of paragraphTexts(doc)) {
    if (candidate === text) return offset + index;
    offset += candidate.length + 1;
  }
  throw new Error('text not in the document');
}

/**
 * Applies one edit to its replica; true when it inserted inside or deleted from the range that replica
 * sees. Text typed exactly at a boundary stays outside while the boundary character lives; once it was
 * deleted, Yjs may place the new text after the tombstone, inside the range, so callers that cannot
 * rule that out count boundary inserts as inside (`boundariesInside`).
 */
function applyEdit(chapter: Chapter, edit: Edit, boundariesInside = false): boolean {
  const doc = chapter.replicas[edit.replica]!;
  const texts = paragraphTexts(doc);
  const text = texts[edit.paragraph % texts.length]!;
  const range = flatRange(doc, chapter.threadId);
  if (edit.kind === 'insert') {
    const at = edit.at % (text.length + 1);
    const flat = flatOffset(doc, text, at);
    text.insert(at, edit.text);
    if (!range) return true;
    return boundariesInside ? range.from <= flat && flat <= range.to : range.from < flat && flat < range.to;
  }
  if (text.length === 0) return false;
  const at = edit.at % text.length;
  const length = Math.min(edit.length, text.length - at);
  const flat = flatOffset(doc, text, at);
  text.delete(at, length);
  return !range || (flat < range.to && flat + length > range.from);
}

function applyEdits(chapter: Chapter, edits: Edit[]): boolean {
  let touched = false;
  for (const edit of edits) {
    touched = applyEdit(chapter, edit) || touched;
    if (edit.syncAfter) syncBothWays(...chapter.replicas);
  }
  return touched;
}

/** Deletes the range one replica sees (plus some text either side), paragraph by paragraph. */
function deleteRange(doc: Y.Doc, threadId: string, before: number, after: number): void {
  const range = threadRange(doc, threadId);
  if (!range) return;
  const texts = paragraphTexts(doc);
  const first = texts.indexOf(range.from.text);
  const last = texts.indexOf(range.to.text);
  doc.transact(() => {
    for (let paragraph = first; paragraph <= last; paragraph++) {
      const text = texts[paragraph]!;
      const start = paragraph === first ? Math.max(0, range.from.index - before) : 0;
      const end = paragraph === last ? Math.min(text.length, range.to.index + after) : text.length;
      text.delete(start, end - start);
    }
  });
}

describe('comment anchors under concurrent edits', () => {
  it('keep the anchored text when no edit touched it, and both replicas agree', () => {
    fc.assert(
      fc.property(
        paragraphsArb,
        fc.nat(),
        fc.nat(),
        fc.array(editArb, { maxLength: 30 }),
        (paragraphs, first, last, edits) => {
          const chapter = setUp(paragraphs, first, last);
          const touched = applyEdits(chapter, edits);
          syncBothWays(...chapter.replicas);
          const [a, b] = chapter.replicas.map((doc) => listThreads(doc));
          expect(a).toEqual(b);
          if (!touched) expect(a![0]!.anchor).toMatchObject({ onDeletedText: false, text: chapter.quote });
        },
      ),
    );
  });

  it('grow with text typed strictly inside the range', () => {
    fc.assert(
      fc.property(paragraphsArb, fc.nat(), fc.nat(), fc.nat(), (paragraphs, first, last, where) => {
        const chapter = setUp(paragraphs, first, last);
        const [doc, other] = chapter.replicas;
        const range = threadRange(doc, chapter.threadId)!;
        fc.pre(range.from.text === range.to.text && range.to.index - range.from.index >= 2);
        const at = range.from.index + 1 + (where % (range.to.index - range.from.index - 1));
        range.from.text.insert(at, 'NEW');
        syncBothWays(doc, other);
        const text = listThreads(other)[0]!.anchor;
        expect(text).toMatchObject({
          text: `${chapter.quote.slice(0, at - range.from.index)}NEW${chapter.quote.slice(at - range.from.index)}`,
        });
      }),
    );
  });

  it('report on deleted text once the whole range is deleted, whatever the other replica does outside it meanwhile', () => {
    fc.assert(
      fc.property(
        paragraphsArb,
        fc.nat(),
        fc.nat(),
        fc.array(editArb, { maxLength: 15 }),
        fc.array(
          editArb.map((edit) => ({ ...edit, replica: 1 as const, syncAfter: false })),
          { maxLength: 10 },
        ),
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        (paragraphs, first, last, earlier, concurrent, before, after) => {
          const chapter = setUp(paragraphs, first, last);
          const trimmed = applyEdits(chapter, earlier);
          syncBothWays(...chapter.replicas);
          deleteRange(chapter.replicas[0], chapter.threadId, before, after);
          // The other replica, not yet aware of the deletion, edits only outside the range it sees.
          for (const edit of concurrent) {
            const probe = replicaOf(chapter.replicas[1]);
            const touches = applyEdit(
              { ...chapter, replicas: [probe, probe] },
              { ...edit, replica: 0 },
              trimmed,
            );
            if (!touches) applyEdit(chapter, edit);
          }
          syncBothWays(...chapter.replicas);
          for (const doc of chapter.replicas) {
            expect(listThreads(doc)[0]!.anchor).toEqual({ onDeletedText: true });
          }
        },
      ),
    );
  });
});
