import type { ChapterComparison } from '@galley/shared/api/versions';
import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';
import type { DeletedPiece, DeletersOf } from './deleterIndex.ts';

type ChangeKind = 'inserted' | 'deleted';
type Block = ChapterComparison['blocks'][number];
type Segment = Block['segments'][number];
type Run = ChapterComparison['insertions'][number];

export interface ChapterTextDiff {
  blocks: Block[];
  insertions: Run[];
  deletions: Run[];
  changed: boolean;
}

/** The user whose editor used a Yjs client id, or null when nobody recorded it. */
export type AuthorOf = (clientId: number) => string | null;

/** Who wrote and who deleted: from the records the sync server keeps (versionComparer.ts). */
export interface Attribution {
  authorOf: AuthorOf;
  deletersOf: DeletersOf;
}

/**
 * What changed in a chapter between two stored states (either may be null: the chapter did not
 * exist). Works on Yjs items, not on text: an item is "inserted" when the `to` state has it visible and
 * the `from` state did not, "deleted" the other way round, so moving text is never mistaken for a
 * rewrite and the inserting client (hence the user) is known for every inserted character; the user
 * who deleted a character comes from the per-user deletion records, by the character's item id.
 *
 * Both states may come from garbage-collected documents (the editor and the sync server keep
 * `gc: true`): each side's visible text is in its own state, so merging the two into one non-GC
 * document (older first, so the older side's text survives the newer side's deletions) gives
 * every character either side shows, and Yjs snapshots of each side say which side shows it.
 */
export function diffChapterStates(
  fromState: Uint8Array | null,
  toState: Uint8Array | null,
  attribution: Attribution,
): ChapterTextDiff {
  const fromDoc = docOf(fromState);
  const toDoc = docOf(toState);
  const from = Y.snapshot(fromDoc);
  const to = Y.snapshot(toDoc);
  const merged = new Y.Doc({ gc: false });
  const olderFirst = isOlder(from, to) ? [fromState, toState] : [toState, fromState];
  for (const state of olderFirst) if (state) Y.applyUpdate(merged, state);
  const ctx: WalkContext = { from, to, ...attribution, blocks: [] };
  walkContainer(merged.getXmlFragment(DocRoots.text), ctx);
  for (const doc of [fromDoc, toDoc, merged]) doc.destroy();
  const blocks = ctx.blocks.map((block) => ({ ...block, segments: mergeSegments(block.segments) }));
  const insertions = runsOf(blocks, 'inserted');
  const deletions = runsOf(blocks, 'deleted');
  const changed = blocks.some((b) => b.change !== null || b.segments.some((s) => s.change !== null));
  return { blocks, insertions, deletions, changed };
}

/** The kinds of shared type y-prosemirror writes. */
type YType = Y.XmlFragment | Y.XmlElement | Y.XmlText;

interface WalkContext extends Attribution {
  from: Y.Snapshot;
  to: Y.Snapshot;
  blocks: Block[];
}

function docOf(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/**
 * Whether `a` comes before `b` in the document's history: `b` has every clock of `a` and, when the
 * clocks are equal (a pure deletion creates no clock), deletes at least as much.
 */
function isOlder(a: Y.Snapshot, b: Y.Snapshot): boolean {
  if (!dominates(b.sv, a.sv)) return false;
  if (!dominates(a.sv, b.sv)) return true;
  return deletedLength(a.ds) <= deletedLength(b.ds);
}

function deletedLength(ds: Y.Snapshot['ds']): number {
  let length = 0;
  for (const ranges of ds.clients.values()) for (const range of ranges) length += range.len;
  return length;
}

/** True when `a` has every clock `b` has (a is the same state or a later one of the same history). */
function dominates(a: Map<number, number>, b: Map<number, number>): boolean {
  for (const [client, clock] of b) if ((a.get(client) ?? 0) < clock) return false;
  return true;
}

/** Yjs's own isVisible (not exported): created before the snapshot and not deleted in it. */
function visibleIn(item: Y.Item, snapshot: Y.Snapshot): boolean {
  return (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snapshot.ds, item.id);
}

function changeOf(item: Y.Item, ctx: WalkContext): ChangeKind | null | 'absent' {
  const inFrom = visibleIn(item, ctx.from);
  const inTo = visibleIn(item, ctx.to);
  if (!inFrom && !inTo) return 'absent';
  if (inFrom && inTo) return null;
  return inTo ? 'inserted' : 'deleted';
}

/** Child types of `parent`, including the ones only one side shows, in document order. */
function* childItems(parent: YType): Generator<{ item: Y.Item; type: unknown }> {
  for (let item = parent._start; item !== null; item = item.right as Y.Item | null) {
    if (item.content instanceof Y.ContentType) yield { item, type: item.content.type };
  }
}

/**
 * Blocks are the elements that hold text (paragraph, heading, …); containers (lists, blockquotes)
 * are walked through, and elements without children (images, rules) are blocks without text.
 */
function walkContainer(parent: YType, ctx: WalkContext): void {
  for (const { item, type } of childItems(parent)) {
    const change = changeOf(item, ctx);
    if (change === 'absent') continue;
    if (type instanceof Y.XmlText) {
      ctx.blocks.push({ node: 'text', change, segments: textSegments(type, ctx) });
    } else if (type instanceof Y.XmlElement) {
      const children = [...childItems(type)];
      const holdsText = children.some((child) => child.type instanceof Y.XmlText);
      if (children.length > 0 && !holdsText) walkContainer(type, ctx);
      else ctx.blocks.push({ node: type.nodeName, change, segments: inlineSegments(type, ctx) });
    }
  }
}

function inlineSegments(element: Y.XmlElement, ctx: WalkContext): Segment[] {
  const segments: Segment[] = [];
  for (const { item, type } of childItems(element)) {
    const change = changeOf(item, ctx);
    if (change === 'absent') continue;
    if (type instanceof Y.XmlText) segments.push(...textSegments(type, ctx));
    else if (type instanceof Y.XmlElement) {
      // Inline atoms (footnotes, breaks) show as a placeholder so their insertion or removal is visible.
      const text = type.nodeName === 'hardBreak' ? '\n' : `[${type.nodeName}]`;
      const by =
        change === 'inserted'
          ? ctx.authorOf(item.id.client)
          : change === 'deleted'
            ? (deletedPieces(ctx, item.id, 1)[0]?.by ?? null)
            : null;
      segments.push({ text, change, by });
    }
  }
  return segments;
}

/**
 * Deliberately without the `user` field y-prosemirror puts here: Yjs compares `user` to the next
 * item's client to extend the current op, so without it every inserted or removed item is an op of
 * its own, and the id handed over is the id of that op's first character.
 */
interface YChange {
  type: 'added' | 'removed';
  id: Y.ID;
}

function textSegments(text: Y.XmlText, ctx: WalkContext): Segment[] {
  const delta = text.toDelta(ctx.to, ctx.from, (type: YChange['type'], id: Y.ID) => ({
    type,
    id,
  })) as { insert: unknown; attributes?: { ychange?: YChange } }[];
  return delta.flatMap((op): Segment[] => {
    if (typeof op.insert !== 'string') return [];
    const ychange = op.attributes?.ychange;
    if (!ychange) return [{ text: op.insert, change: null, by: null }];
    if (ychange.type === 'added') {
      return [{ text: op.insert, change: 'inserted', by: ctx.authorOf(ychange.id.client) }];
    }
    // Clocks count UTF-16 units, as string indexes do.
    const segments: Segment[] = [];
    let at = 0;
    for (const piece of deletedPieces(ctx, ychange.id, op.insert.length)) {
      segments.push({ text: op.insert.slice(at, at + piece.length), change: 'deleted', by: piece.by });
      at += piece.length;
    }
    return segments;
  });
}

/**
 * Who deleted the `length` characters from `id` on. Only what the `to` state really deleted has a
 * deleter: a character the `to` state never had (reading the history backwards, from a newer state to
 * an older one) shows as deleted without being anyone's deletion, even if someone deleted it later.
 */
function deletedPieces(ctx: WalkContext, id: Y.ID, length: number): DeletedPiece[] {
  const known = Math.max(0, Math.min(length, (ctx.to.sv.get(id.client) ?? 0) - id.clock));
  const pieces = known > 0 ? ctx.deletersOf(id.client, id.clock, known) : [];
  if (known < length) pieces.push({ length: length - known, by: null });
  return pieces;
}

function mergeSegments(segments: Segment[]): Segment[] {
  const merged: Segment[] = [];
  for (const segment of segments) {
    const last = merged.at(-1);
    if (last && last.change === segment.change && last.by === segment.by) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

/** Runs of inserted (deleted) text, one per contiguous stretch and author, in document order. */
function runsOf(blocks: Block[], kind: ChangeKind): Run[] {
  const runs: Run[] = [];
  for (const block of blocks) {
    for (const segment of block.segments) {
      const counts = segment.change === kind || (segment.change === null && block.change === kind);
      if (counts && segment.text.length > 0) runs.push({ text: segment.text, by: segment.by });
    }
  }
  return runs;
}
