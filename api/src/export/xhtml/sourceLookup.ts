import { matchSelector } from './cssSelector.ts';
import type { ChapterSourceMap, SourceElement } from './sourceMap.ts';

const positionOf = (element: SourceElement | undefined): number | null => element?.position ?? null;

/**
 * The manuscript position behind an EPUBCheck location. EPUBCheck reports the line and column where
 * the parser stood, which for an element is the end of its start tag: the element is the last one
 * starting on that line before the column (the first on the line when there is no column). A line
 * where no element starts (an end tag, text running over lines) belongs to the innermost element
 * open across it.
 */
export function positionAtLine(map: ChapterSourceMap, line: number, column: number | null): number | null {
  const { elements } = map;
  // Elements are in document order, so their start lines never decrease: search, don't scan (a long
  // chapter can have thousands of elements and EPUBCheck thousands of messages).
  const first = firstStartingAtOrAfter(elements, line);
  const starting: SourceElement[] = [];
  for (let i = first; i < elements.length && elements[i]!.line === line; i++) starting.push(elements[i]!);
  if (starting.length) {
    if (column === null) return positionOf(starting[0]);
    const before = starting.filter((e) => e.column < column);
    if (before.length) return positionOf(before.at(-1));
  }
  // The innermost element open across the line is the last one started before it, or its ancestor.
  for (let i = first - 1; i >= 0; i = elements[i]!.parent) {
    if (elements[i]!.endLine >= line) return positionOf(elements[i]);
  }
  return null;
}

function firstStartingAtOrAfter(elements: SourceElement[], line: number): number {
  let low = 0;
  let high = elements.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (elements[middle]!.line < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The manuscript position behind an EPUB CFI path into the document, as Ace gives it
 * (`/4/2[section-chapter-01]/6/2`: from the root element, each even step the n/2-th child element,
 * with the element's id in brackets). An odd step or an offset points into text, so the element
 * reached so far is the answer. A step that does not fit the document gives no position.
 */
export function positionAtCfi(map: ChapterSourceMap, cfi: string): number | null {
  const path = cfi.replace(/^epubcfi\(/, '').replace(/\)$/, '');
  if (!path.startsWith('/') || map.elements.length === 0) return null;
  let at = 0;
  for (const step of path.slice(1).split('/')) {
    const parsed = /^(\d+)(?:\[([^\]]*)\])?/.exec(step);
    if (!parsed) return null;
    const n = Number(parsed[1]);
    if (n % 2 === 1) break;
    const child = map.elements[at]!.children[n / 2 - 1];
    if (child === undefined) return null;
    const id = parsed[2];
    if (id && map.elements[child]!.attrs.id !== id) return null;
    at = child;
    // Anything after the step's index and id (`:3`, `~`, `!`) is inside this element.
    if (step.length > parsed[0].length) break;
  }
  return positionOf(map.elements[at]);
}

/** The manuscript position behind an Ace/axe CSS selector: the first element it matches. */
export function positionAtSelector(map: ChapterSourceMap, selector: string): number | null {
  const index = map.elements.findIndex((_, i) => matchSelector(map.elements, i, selector));
  return index === -1 ? null : positionOf(map.elements[index]);
}

/** Ace's pointers to one violation, most exact first: the CFI names one element, a selector may name many. */
export function positionAtPointer(
  map: ChapterSourceMap,
  pointer: { cfis: string[]; selectors: string[] },
): number | null {
  for (const cfi of pointer.cfis) {
    const position = positionAtCfi(map, cfi);
    if (position !== null) return position;
  }
  for (const selector of pointer.selectors) {
    const position = positionAtSelector(map, selector);
    if (position !== null) return position;
  }
  return null;
}
