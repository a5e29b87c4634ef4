/**
 * Where a comment thread sits in the manuscript, in Yjs terms only (no ProseMirror here: the client
 * converts to and from editor positions, see client/src/editor/comments/positions.ts).
 *
 * A point in the text is a `TextPoint`: a Y.XmlText inside the `default` fragment and a UTF-16
 * offset in it (y-prosemirror keeps one Y.XmlText per run of text between inline nodes, so every
 * character the author can select lives in exactly one). A thread stores its range as two Yjs
 * relative positions, which name the characters themselves rather than offsets, so the range follows
 * the text through concurrent inserts and deletes:
 *
 * - the start is tied to the first anchored character (assoc 0), the end to the last one (assoc -1),
 *   so text typed right before or right after the range stays outside it, and text typed inside it
 *   joins it;
 * - when anchored characters are deleted the positions fall back to where they were, so the range
 *   shrinks; when all of them are gone it is empty, and the thread is "on deleted text".
 *
 * Known limit: y-prosemirror applies a paragraph join (Backspace at a paragraph start) by deleting
 * the second paragraph's Y.XmlText and re-inserting its characters into the first, and a split by
 * deleting the tail and inserting it anew. Characters re-created that way are new characters, so a
 * range on the second paragraph of a join is reported as on deleted text, and a range across a split
 * shrinks to the part before it. The same goes for lifts, wraps, block-type changes, whole-block
 * replaces and drags. The editor that makes such an edit knows from its own steps where the words
 * went and re-anchors the thread in the same Yjs transaction as the edit (`reanchorThread`,
 * client/src/editor/comments/anchorFollow.ts), so other replicas never see it lost; only an edit
 * written without that editor (a script) would leave a shrunk or lost range.
 */
import * as Y from 'yjs';
import { DocRoots } from '../sync/protocol.ts';

export interface TextPoint {
  text: Y.XmlText;
  /** UTF-16 offset inside `text`, 0..text.length. */
  index: number;
}

// biome-ignore lint/suspicious/noExplicitAny: Yjs types its tree links (`_item`, `parent`) on AbstractType<any> only.
type AnyType = Y.AbstractType<any>;

/** A resolved point as plain data: child indexes from the `default` fragment down to the text, and the offset in it. */
export interface AnchorPoint {
  path: number[];
  offset: number;
}

/** Longest quote computed for display; a range over a whole chapter must not cost a copy of it per listing. */
export const MAX_QUOTE_LENGTH = 2000;

export function textRoot(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(DocRoots.text);
}

/** The two relative positions of a new range, encoded for storage in the comments map. */
export function encodeAnchor(
  from: TextPoint,
  to: TextPoint,
): { anchorFrom: Uint8Array; anchorTo: Uint8Array } {
  return {
    anchorFrom: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(from.text, from.index, 0)),
    anchorTo: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(to.text, to.index, -1)),
  };
}

/**
 * The text point an encoded relative position names today, or null when its paragraph is gone (the
 * Y.XmlText or one of its ancestors was deleted) or the bytes are not a relative position.
 */
export function decodeAnchorPoint(doc: Y.Doc, encoded: Uint8Array): TextPoint | null {
  let absolute: Y.AbsolutePosition | null;
  try {
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(encoded), doc);
  } catch {
    return null;
  }
  if (!absolute || !(absolute.type instanceof Y.XmlText)) return null;
  if (!isAttached(absolute.type, textRoot(doc))) return null;
  return { text: absolute.type, index: absolute.index };
}

/** Caches each parent's child indexes for one listing, so resolving many anchors walks each sibling list once. */
export type IndexCache = Map<AnyType, Map<Y.Item, number>>;

/** Child indexes from `root` down to `type`, or null when `type` is not (or no longer) inside `root`. */
export function pathOf(type: AnyType, root: Y.XmlFragment, cache: IndexCache = new Map()): number[] | null {
  const path: number[] = [];
  let current = type;
  while (current !== root) {
    const item = current._item;
    if (!item || item.deleted) return null;
    const parent = item.parent as AnyType;
    const index = childIndexes(parent, cache).get(item);
    if (index === undefined) return null;
    path.push(index);
    current = parent;
  }
  return path.reverse();
}

function childIndexes(parent: AnyType, cache: IndexCache): Map<Y.Item, number> {
  let indexes = cache.get(parent);
  if (!indexes) {
    indexes = new Map();
    let index = 0;
    for (let item = parent._start; item; item = item.right) {
      if (item.deleted || !item.countable) continue;
      indexes.set(item, index);
      index += item.length;
    }
    cache.set(parent, indexes);
  }
  return indexes;
}

function isAttached(type: AnyType, root: Y.XmlFragment): boolean {
  let current: AnyType = type;
  while (current !== root) {
    const item = current._item;
    if (!item || item.deleted) return false;
    current = item.parent as AnyType;
  }
  return true;
}

/** Negative when `a` comes before `b` in the document. */
export function compareAnchorPoints(a: AnchorPoint, b: AnchorPoint): number {
  const depth = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < depth; i++) {
    const difference = a.path[i]! - b.path[i]!;
    if (difference !== 0) return difference;
  }
  return a.path.length - b.path.length || a.offset - b.offset;
}

/** The characters of a Y.XmlText without its formatting; an embed (never written by TipTap) counts as U+FFFC, as in Yjs. */
export function plainText(text: Y.XmlText): string {
  let result = '';
  for (const op of text.toDelta() as Array<{ insert: unknown }>) {
    result += typeof op.insert === 'string' ? op.insert : '\uFFFC';
  }
  return result;
}

/**
 * The text between two points (from before to), capped at MAX_QUOTE_LENGTH, and how many characters
 * of the manuscript it holds. Text runs of different blocks are joined by a line break that is not
 * counted (a range whose characters were all deleted can still span a block boundary); runs of one
 * block (split by an inline node) are joined directly.
 */
export function quoteBetween(
  root: Y.XmlFragment,
  from: TextPoint,
  to: TextPoint,
): { text: string; characters: number } {
  if (from.text === to.text) {
    const text = plainText(from.text).slice(from.index, to.index);
    return { text: capped(text), characters: text.length };
  }
  let text = plainText(from.text).slice(from.index);
  let characters = text.length;
  let previous: Y.XmlText = from.text;
  for (let node = nextInDocument(from.text, root); node && text.length <= MAX_QUOTE_LENGTH; ) {
    if (node instanceof Y.XmlText) {
      const separator = node.parent === previous.parent ? '' : '\n';
      const content = node === to.text ? plainText(node).slice(0, to.index) : plainText(node);
      text += separator + content;
      characters += content.length;
      if (node === to.text) break;
      previous = node;
    }
    node = nextInDocument(node, root);
  }
  return { text: capped(text), characters };
}

function capped(quote: string): string {
  return quote.length > MAX_QUOTE_LENGTH ? `${quote.slice(0, MAX_QUOTE_LENGTH)}…` : quote;
}

type TreeNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

function firstChild(parent: AnyType): TreeNode | null {
  return nextLiveChild(parent._start);
}

function nextLiveChild(start: Y.Item | null): TreeNode | null {
  for (let item = start; item; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentType) return item.content.type as TreeNode;
  }
  return null;
}

/** Pre-order successor of `node` inside `root` (elements before their children; text has none). */
function nextInDocument(node: TreeNode, root: Y.XmlFragment): TreeNode | null {
  if (node instanceof Y.XmlElement) {
    const child = firstChild(node);
    if (child) return child;
  }
  let current: AnyType = node;
  while (current !== root && current._item) {
    const sibling = nextLiveChild(current._item.right);
    if (sibling) return sibling;
    current = current._item.parent as AnyType;
  }
  return null;
}

/** The Y.XmlText a plain anchor point names, for callers that hold a listing and need the Yjs type back. */
export function textAtPath(root: Y.XmlFragment, path: readonly number[]): Y.XmlText | null {
  let current: AnyType = root;
  for (const index of path) {
    if (!(current instanceof Y.XmlFragment || current instanceof Y.XmlElement)) return null;
    const child: unknown = current.get(index);
    if (!child) return null;
    current = child as AnyType;
  }
  return current instanceof Y.XmlText ? current : null;
}
