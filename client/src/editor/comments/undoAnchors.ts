/**
 * Comment threads through undo and redo of the author's structural edits.
 *
 * Undo restores deleted text as copies of the deleted characters, and Yjs resolves a position on an
 * original character through its copy by the `redone` link, but that link lives only in the replica
 * that undid: a collaborator would show the thread "on deleted text". Undoing a join also deletes the
 * characters the join created, which is where anchorFollow.ts had moved the thread.
 *
 * So the author's editor remembers the anchors it replaced (per thread, a few), and after every undo
 * or redo it re-anchors each thread whose anchor no longer names live text onto the newest
 * remembered anchor (or its current one) that resolves, through this replica's redone links, to
 * text; the new anchor names the live copies, which every replica can resolve. It is written under
 * the comments origin after the undo's own transaction (Yjs announces an undo only then): the undo
 * stacks do not record it, so a later redo is never refused as conflicting with it. Comments stay
 * out of the undo manager's scope for the same reason.
 */
import { quoteBetween, textRoot } from '@galley/shared/manuscript/commentAnchors';
import { commentsRoot, reanchorThread, type TextPoint } from '@galley/shared/manuscript/comments';
import * as Y from 'yjs';

/**
 * Anchors kept per thread besides its first: one undo can take back many edits at once (the undo
 * manager merges edits made within half a second), and the first anchor is the one such an undo
 * needs, so it is always kept.
 */
const REMEMBERED_PER_THREAD = 64;

export interface AnchorPair {
  from: Uint8Array;
  to: Uint8Array;
}

export class AnchorHistory {
  private readonly pairs = new Map<string, { first: AnchorPair; since: AnchorPair[] }>();

  /** Notes the anchors a thread had before and after an edit moved it. */
  remember(threadId: string, before: AnchorPair, after: AnchorPair): void {
    const known = this.pairs.get(threadId);
    if (!known) {
      this.pairs.set(threadId, { first: before, since: [after] });
      return;
    }
    if (!samePair(known.since.at(-1), before)) known.since.push(before);
    known.since.push(after);
    if (known.since.length > REMEMBERED_PER_THREAD) known.since.shift();
  }

  /** Newest first. */
  private remembered(threadId: string): AnchorPair[] {
    const known = this.pairs.get(threadId);
    return known ? [...known.since.toReversed(), known.first] : [];
  }

  /** After an undo or redo: re-anchors threads whose text is only reachable this way; returns their ids. */
  afterUndoOrRedo(doc: Y.Doc): string[] {
    const moves: Array<{ id: string; from: TextPoint; to: TextPoint }> = [];
    commentsRoot(doc).forEach((thread, id) => {
      if (!(thread instanceof Y.Map)) return;
      const current = pairOf(thread);
      if (!current || onLiveText(doc, current)) return;
      const candidates = [current, ...this.remembered(id)];
      for (const candidate of candidates) {
        const from = followed(doc, candidate.from);
        const to = followed(doc, candidate.to);
        if (from && to && hasText(doc, from, to)) {
          moves.push({ id, from, to });
          break;
        }
      }
    });
    const moved: string[] = [];
    for (const { id, from, to } of moves) {
      try {
        reanchorThread(doc, { threadId: id, anchorFrom: from, anchorTo: to });
        moved.push(id);
      } catch {
        // The points do not enclose text after all: the thread stays on deleted text.
      }
    }
    return moved;
  }
}

function samePair(a: AnchorPair | undefined, b: AnchorPair): boolean {
  return !!a && equalBytes(a.from, b.from) && equalBytes(a.to, b.to);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

export function pairOf(thread: Y.Map<unknown>): AnchorPair | null {
  const from = thread.get('anchorFrom');
  const to = thread.get('anchorTo');
  return from instanceof Uint8Array && to instanceof Uint8Array ? { from, to } : null;
}

/** Whether both ends resolve without redone links (as on every replica) and enclose some text. */
function onLiveText(doc: Y.Doc, pair: AnchorPair): boolean {
  const from = resolved(doc, pair.from, false);
  const to = resolved(doc, pair.to, false);
  if (!from || !to || !hasText(doc, from, to)) return false;
  const viaRedone = [resolved(doc, pair.from, true), resolved(doc, pair.to, true)];
  return (
    viaRedone[0]?.text === from.text &&
    viaRedone[0].index === from.index &&
    viaRedone[1]?.text === to.text &&
    viaRedone[1].index === to.index
  );
}

function followed(doc: Y.Doc, encoded: Uint8Array): TextPoint | null {
  return resolved(doc, encoded, true);
}

function resolved(doc: Y.Doc, encoded: Uint8Array, followRedone: boolean): TextPoint | null {
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(encoded),
      doc,
      followRedone,
    );
  } catch {
    return null;
  }
  if (!(absolute?.type instanceof Y.XmlText) || !isAttached(absolute.type)) return null;
  return { text: absolute.type, index: absolute.index };
}

function isAttached(text: Y.XmlText): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: Yjs types its tree links on AbstractType<any> only.
  let current: Y.AbstractType<any> = text;
  while (current._item) {
    if (current._item.deleted) return false;
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    current = current._item.parent as Y.AbstractType<any>;
  }
  return true;
}

/** Whether the points enclose at least one character (what the thread listing calls "on text"). */
function hasText(doc: Y.Doc, from: TextPoint, to: TextPoint): boolean {
  if (from.text === to.text) return from.index < to.index;
  return quoteBetween(textRoot(doc), from, to).characters > 0;
}
