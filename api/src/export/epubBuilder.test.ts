import { describe, expect, it } from 'vitest';
import { packageEpub, prepareEpub } from './epubBuilder.ts';
import { h, manuscriptDoc, node, p, t } from './manuscriptFixtures.ts';
import { gradientPng } from './sampleImages.ts';
import { readManuscript } from './xhtml/manuscriptTree.ts';
import { readZip } from './zipReader.ts';

const chapter = (
  id: string,
  kind: 'front_matter' | 'chapter' | 'back_matter',
  ...blocks: Parameters<typeof manuscriptDoc>[0]
) => ({
  id,
  title: `Title ${id}`,
  kind,
  tree: readManuscript(manuscriptDoc(blocks)),
});

function build(cover: Uint8Array | null) {
  return prepareEpub({
    metadata: { bookId: 'b1', title: 'Book', language: 'en' },
    chapters: [
      chapter('f1', 'front_matter', p(t('Dedication'))),
      chapter(
        'c1',
        'chapter',
        h(2, 'Part A', 'a'),
        node('image', { mediaId: 'm1', alt: 'x' }),
        node('image', { mediaId: 'bad', alt: 'y' }),
      ),
      chapter('f2', 'front_matter', p(t('A foreword placed later'))),
      chapter('b1', 'back_matter', p(t('Notes'))),
    ],
    media: new Map([
      ['m1', gradientPng(4, 4)],
      ['bad', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ]),
    cover,
    modified: new Date('2026-01-01T00:00:00Z'),
  });
}

describe('prepareEpub', () => {
  it('keeps the book order in the spine, with the contents page after the leading front matter', () => {
    const opf = build(null).packageFor({ conforms: false, certifiedBy: 'x' });
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    expect(spine).toEqual(['chapter-01', 'nav', 'chapter-02', 'chapter-03', 'chapter-04']);
    expect(opf).not.toContain('linear="no"');
  });

  it('packs only core image types and counts the cover as an image with alt text', () => {
    const prepared = build(gradientPng(10, 16));
    expect(prepared.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['EPUB/images/m1.png', 'EPUB/images/cover.png', 'EPUB/text/cover.xhtml']),
    );
    expect(prepared.files.some((f) => f.path.includes('bad'))).toBe(false);
    expect(prepared.problems.map((p) => p.code)).toEqual(['missing_image']);
    expect(prepared.facts).toMatchObject({ images: 2, imagesWithoutAlt: 0 });
    const opf = prepared.packageFor({ conforms: false, certifiedBy: 'x' });
    expect(opf).toContain(
      '<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>',
    );
    expect(opf.indexOf('<itemref idref="cover"/>')).toBeLessThan(
      opf.indexOf('<itemref idref="chapter-01"/>'),
    );
  });

  it('zips mimetype first and stored, then the container and package', async () => {
    const zip = await readZip(
      await packageEpub(build(null), { conforms: false, certifiedBy: 'x' }, new Date()),
    );
    expect(zip.get('mimetype')).toMatchObject({ index: 0, compressed: false });
    expect(zip.get('META-INF/container.xml')?.data.toString()).toContain('full-path="EPUB/package.opf"');
    expect(zip.get('EPUB/nav.xhtml')?.data.toString()).toContain(
      '<a href="text/chapter-02.xhtml#a">Part A</a>',
    );
  });
});
