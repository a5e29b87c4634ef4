import {
  type ChapterAwarenessState,
  ChapterAwarenessStateSchema,
  MAX_CHAPTER_AWARENESS_STATE_BYTES,
} from '@galley/shared/sync/chapterAwareness';
import type { AwarenessEntry } from '../protocol/frames.ts';
import {
  type AwarenessGateContext,
  type AwarenessRefusalKind,
  type AwarenessStateRules,
  gateAwareness,
} from './awarenessGate.ts';

/** The refused-updates metric's reasons for a chapter's awareness (see awarenessGate.ts for each kind). */
export type ChapterAwarenessRefusal = `awareness_${AwarenessRefusalKind}`;

export interface ChapterAwarenessVerdict {
  /** Entries to apply and relay, states re-encoded from what the schema parsed. */
  accepted: AwarenessEntry[];
  refused: ChapterAwarenessRefusal[];
}

const chapterRules: AwarenessStateRules<ChapterAwarenessState> = {
  schema: ChapterAwarenessStateSchema,
  maxStateBytes: MAX_CHAPTER_AWARENESS_STATE_BYTES,
};

/**
 * Which entries of one client's awareness update a chapter relays: the rule of awarenessGate.ts with
 * the caret state's shape (shared/src/sync/chapterAwareness.ts), so nobody draws a caret under
 * someone else's name or moves or erases someone else's caret.
 */
export function gateChapterAwareness(
  entries: AwarenessEntry[],
  context: AwarenessGateContext,
): ChapterAwarenessVerdict {
  const { accepted, refused } = gateAwareness(entries, context, chapterRules);
  return { accepted, refused: refused.map((kind): ChapterAwarenessRefusal => `awareness_${kind}`) };
}
