import { DocRoots } from '@galley/shared/sync/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  mediaContentPath,
  PENDING_UPLOAD_ATTR,
  pendingImageIds,
  resolvePendingImage,
} from './imageDocument.ts';

function image(attrs: Record<string, string>): Y.XmlElement {
  const element = new Y.XmlElement('image');
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  return element;
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** A chapter with a waiting image, a finished one, and the same waiting image again inside a quote. */
function chapter(): Y.Doc {
  const doc = new Y.Doc();
  const quote = new Y.XmlElement('blockquote');
  quote.insert(0, [image({ mediaId: 'M1', alt: 'Again', [PENDING_UPLOAD_ATTR]: 'Ann' })]);
  doc
    .getXmlFragment(DocRoots.text)
    .insert(0, [
      paragraph('Before'),
      image({ mediaId: 'M1', alt: 'A lighthouse', caption: 'Dusk', [PENDING_UPLOAD_ATTR]: 'Ann' }),
      image({ mediaId: 'M2', alt: 'Done', src: mediaContentPath('B1', 'M2') }),
      quote,
    ]);
  return doc;
}

describe('pending images in a chapter document', () => {
  it('finds the media ids still waiting, once each', () => {
    expect(pendingImageIds(chapter())).toEqual(['M1']);
  });

  it('resolves every image waiting for the upload, keeps their texts, and syncs as one update', () => {
    const doc = chapter();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));

    expect(resolvePendingImage(doc, 'B1', 'M1')).toBe(2);
    expect(updates).toHaveLength(1);
    Y.applyUpdate(other, updates[0]!);

    const xml = other.getXmlFragment(DocRoots.text).toString();
    expect(xml).not.toContain(PENDING_UPLOAD_ATTR);
    expect(xml).toContain('src="/api/books/B1/media/M1/content"');
    expect(xml).toContain('caption="Dusk"');
    expect(pendingImageIds(other)).toEqual([]);
  });

  it('writes nothing when run again or for an id the chapter does not wait for', () => {
    const doc = chapter();
    resolvePendingImage(doc, 'B1', 'M1');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(resolvePendingImage(doc, 'B1', 'M1')).toBe(0);
    expect(resolvePendingImage(doc, 'B1', 'M2')).toBe(0);
    expect(resolvePendingImage(doc, 'B1', 'nope')).toBe(0);
    expect(updates).toHaveLength(0);
  });

  it('escapes ids in the display path', () => {
    expect(mediaContentPath('a/b', 'c?d')).toBe('/api/books/a%2Fb/media/c%3Fd/content');
  });
});
