/** Pure rules for moving chapters in the list (keyboard buttons and drag and drop share them). */

/** `ids` with the one at `from` taken out and put back so that it ends at index `to`. */
export function moveTo(ids: readonly string[], from: number, to: number): string[] {
  const result = [...ids];
  if (from < 0 || from >= ids.length) return result;
  const [moved] = result.splice(from, 1);
  result.splice(Math.max(0, Math.min(to, result.length)), 0, moved as string);
  return result;
}

/** One step up (-1) or down (+1); null at either end, where the button is disabled. */
export function moveBy(ids: readonly string[], id: string, step: -1 | 1): string[] | null {
  const from = ids.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  return moveTo(ids, from, to);
}

/**
 * Where a dragged chapter lands when dropped on `targetId`, on its upper half (`before`) or lower half:
 * the index it should end at once it has been taken out of its old place. Null when nothing moves.
 */
export function dropOrder(
  ids: readonly string[],
  draggedId: string,
  targetId: string,
  before: boolean,
): string[] | null {
  const from = ids.indexOf(draggedId);
  const target = ids.indexOf(targetId);
  if (from < 0 || target < 0 || draggedId === targetId) return null;
  const slot = before ? target : target + 1;
  const to = slot > from ? slot - 1 : slot;
  if (to === from) return null;
  return moveTo(ids, from, to);
}

/** What a screen reader hears after a move. */
export const movedMessage = (title: string, index: number, count: number): string =>
  `Moved “${title}” to position ${index + 1} of ${count}.`;

/**
 * The order to show: the one the user just made (`local`) until the book catches up with it, unless
 * the chapters themselves changed meanwhile (one added or removed), when the book's order wins.
 */
export function shownOrder(bookOrder: readonly string[], local: readonly string[] | null): readonly string[] {
  if (!local || local.length !== bookOrder.length) return bookOrder;
  const present = new Set(bookOrder);
  return local.every((id) => present.has(id)) ? local : bookOrder;
}
