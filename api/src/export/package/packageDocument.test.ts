import { describe, expect, it } from 'vitest';
import { deriveAccessibilityMetadata } from './accessibilityMetadata.ts';
import { modifiedStamp, publicationIdentifier, renderPackageDocument } from './packageDocument.ts';

describe('package document', () => {
  it('identifies a book by urn:isbn, or by a stable name-based urn:uuid without one', () => {
    expect(publicationIdentifier('b1', '9780306406157')).toBe('urn:isbn:9780306406157');
    const uuid = publicationIdentifier('01HZX', null);
    expect(uuid).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(publicationIdentifier('01HZX', undefined)).toBe(uuid);
    expect(publicationIdentifier('01HZY', null)).not.toBe(uuid);
  });

  it('stamps dcterms:modified to the second, in UTC', () => {
    expect(modifiedStamp(new Date('2026-11-25T14:03:09.123Z'))).toBe('2026-11-25T14:03:09Z');
  });

  it('writes contributors with relator roles, subjects with authorities, and escapes everything', () => {
    const opf = renderPackageDocument({
      metadata: {
        bookId: 'b1',
        title: 'Cats & <Dogs>',
        language: 'fr-CA',
        contributors: [
          { name: 'Ada', role: 'aut', sortName: 'Lovelace, Ada' },
          { name: 'Tra', role: 'trl' },
        ],
        subjects: { bisac: ['FIC000000'], thema: ['FBA'] },
        keywords: ['pets'],
        rights: '© me',
        licence: 'CC BY 4.0',
        modified: new Date('2026-01-01T00:00:00Z'),
      },
      accessibility: deriveAccessibilityMetadata(
        { images: 0, imagesWithoutAlt: 0, tables: 0, footnotes: 0 },
        { conforms: false, certifiedBy: 'x' },
      ),
      manifest: [{ id: 'nav', href: 'nav.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' }],
      spine: [{ idref: 'nav', linear: true }],
      coverImageId: null,
    });
    expect(opf).toContain('<dc:title id="title">Cats &amp; &lt;Dogs&gt;</dc:title>');
    expect(opf).toContain('xml:lang="fr-CA"');
    expect(opf).toContain(
      '<dc:creator id="contributor-1">Ada</dc:creator>\n<meta refines="#contributor-1" property="role" scheme="marc:relators">aut</meta>\n<meta refines="#contributor-1" property="file-as">Lovelace, Ada</meta>',
    );
    expect(opf).toContain('<dc:contributor id="contributor-2">Tra</dc:contributor>');
    expect(opf).toContain('<meta refines="#subject-1" property="authority">BISAC</meta>');
    expect(opf).toContain('<meta refines="#subject-2" property="authority">THEMA</meta>');
    expect(opf).toContain('<dc:rights>© me Licence: CC BY 4.0</dc:rights>');
    expect(opf).toContain('<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>');
    expect(opf).not.toContain('conformsTo');
    expect(opf).not.toContain('name="cover"');
  });
});
