import { ManuscriptMarks, ManuscriptNodes } from '@galley/shared/manuscript/schema';
import { DocRoots } from '@galley/shared/sync/protocol';
import * as Y from 'yjs';

type Run = string | { text: string; marks: Record<string, object> };
type Block = { node: string; attrs?: Record<string, string | number>; runs: Run[] };

const italic = (text: string): Run => ({ text, marks: { [ManuscriptMarks.italic]: {} } });

/** The demo's chapters, as blocks the way TipTap writes them (y-prosemirror's layout in the Y.Doc). */
export const SAMPLE_CHAPTERS: Block[][] = [
  [
    { node: ManuscriptNodes.heading, attrs: { level: 1 }, runs: ['The Storm'] },
    {
      node: ManuscriptNodes.paragraph,
      runs: [
        'The wind came in off the water at dusk, the way it always did in October, and Elin climbed the ',
        italic('hundred and twelve'),
        ' steps to the lamp room with the oil can knocking against her knee.',
      ],
    },
    {
      node: ManuscriptNodes.paragraph,
      runs: [
        'By nine the rain was sideways. By ten the glass was shaking in its frame, and she stopped counting the waves.',
      ],
    },
    { node: ManuscriptNodes.sceneBreak, runs: [] },
    {
      node: ManuscriptNodes.paragraph,
      runs: ['Somewhere past midnight a light answered hers from the sea, where no light should have been.'],
    },
  ],
  [
    { node: ManuscriptNodes.heading, attrs: { level: 1 }, runs: ['Morning Light'] },
    {
      node: ManuscriptNodes.paragraph,
      runs: [
        'The morning was washed clean. Gulls sat on the rail as if nothing had happened, and the sea lay flat and grey.',
      ],
    },
    {
      node: ManuscriptNodes.paragraph,
      runs: ['On the shingle below the rocks, half buried, lay a ship’s lantern with its glass unbroken.'],
    },
  ],
];

/** One chapter as a Yjs update, ready for the sync server's storage. */
export function sampleChapterUpdate(blocks: Block[]): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(DocRoots.text);
  doc.transact(() => {
    fragment.insert(
      0,
      blocks.map((block) => {
        const element = new Y.XmlElement(block.node);
        for (const [name, value] of Object.entries(block.attrs ?? {}))
          element.setAttribute(name, value as string);
        if (block.runs.length > 0) {
          // One delta, not insert(text.length, …) per run: the text is not in the doc yet, so its
          // length reads 0 (Yjs warns "Invalid access") and every run landed at the start, back to
          // front; a delta also gives each unmarked run no marks rather than its left neighbour's.
          const text = new Y.XmlText();
          text.applyDelta(
            block.runs.map((run) =>
              typeof run === 'string' ? { insert: run } : { insert: run.text, attributes: run.marks },
            ),
          );
          element.insert(0, [text]);
        }
        return element;
      }),
    );
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
