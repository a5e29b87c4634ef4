import { ManuscriptMarks } from '@galley/shared/manuscript/schema';
import { DocRoots } from '@galley/shared/sync/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SAMPLE_CHAPTERS, sampleChapterUpdate } from './sampleManuscript.ts';

/** The first paragraph's text as the editor would read it: each run with its marks, in order. */
function firstParagraphDelta(update: Uint8Array): unknown {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const paragraph = doc
    .getXmlFragment(DocRoots.text)
    .toArray()
    .find((node) => node instanceof Y.XmlElement && node.nodeName === 'paragraph') as Y.XmlElement;
  const delta = (paragraph.get(0) as Y.XmlText).toDelta();
  doc.destroy();
  return delta;
}

describe('the demo chapters', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keep a paragraph’s runs in order, with the italic only on its own run', () => {
    // Runs appended at `text.length` of a text not yet in the doc all landed at 0, so the demo's
    // first paragraph read back to front; an unmarked run after an italic one would also inherit it.
    expect(firstParagraphDelta(sampleChapterUpdate(SAMPLE_CHAPTERS[0] ?? []))).toEqual([
      {
        insert:
          'The wind came in off the water at dusk, the way it always did in October, and Elin climbed the ',
      },
      { insert: 'hundred and twelve', attributes: { [ManuscriptMarks.italic]: {} } },
      { insert: ' steps to the lamp room with the oil can knocking against her knee.' },
    ]);
  });

  it('are built without reading a Yjs type before it is in a document', () => {
    const warn = vi.spyOn(console, 'warn');
    for (const chapter of SAMPLE_CHAPTERS) sampleChapterUpdate(chapter);
    const invalidAccess = warn.mock.calls.filter((args) =>
      args.some((arg) => String(arg).includes('Invalid access')),
    );
    expect(invalidAccess).toEqual([]);
  });
});
