export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * Splits snippet text into plain and highlighted runs from the api's [start, end) ranges. Ranges are
 * clamped, sorted and merged, so a malformed answer can only mis-mark text, never drop or repeat it.
 * The screen renders the runs as text nodes (React escapes them): no HTML from a book reaches the page.
 */
export function highlightSegments(text: string, ranges: readonly (readonly [number, number])[]): Segment[] {
  const sorted = ranges
    .map(([start, end]) => [
      Math.max(0, Math.min(start, text.length)),
      Math.max(0, Math.min(end, text.length)),
    ])
    .filter(([start, end]) => end! > start!)
    .sort((a, b) => a[0]! - b[0]!) as [number, number][];
  const segments: Segment[] = [];
  let at = 0;
  for (const [start, end] of sorted) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) segments.push({ text: text.slice(at, from), marked: false });
    segments.push({ text: text.slice(from, end), marked: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), marked: false });
  return segments;
}
