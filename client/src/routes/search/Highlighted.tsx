import { highlightSegments } from './highlightSegments.ts';

/** Snippet text with the matched words in <mark> (text nodes only; see highlightSegments). */
export function Highlighted({ text, highlights }: { text: string; highlights: [number, number][] }) {
  return (
    <>
      {highlightSegments(text, highlights).map((segment, i) =>
        // Segments of one snippet never change order, so the index is a stable key here.
        segment.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <mark key={i}>{segment.text}</mark>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
