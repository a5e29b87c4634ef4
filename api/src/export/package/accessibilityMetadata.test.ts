import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CLAIM, deriveAccessibilityMetadata } from './accessibilityMetadata.ts';

const claim = { conforms: true, certifiedBy: 'Galley' };
const facts = (images: number, imagesWithoutAlt: number) => ({
  images,
  imagesWithoutAlt,
  tables: 1,
  footnotes: 2,
});

describe('deriveAccessibilityMetadata', () => {
  it('a text-only book is textual, sufficient as text, and claims no alternative text', () => {
    const meta = deriveAccessibilityMetadata(facts(0, 0), claim);
    expect(meta.accessModes).toEqual(['textual']);
    expect(meta.accessModeSufficient).toEqual(['textual']);
    expect(meta.features).toEqual(
      expect.arrayContaining(['tableOfContents', 'structuralNavigation', 'readingOrder']),
    );
    expect(meta.features).not.toContain('alternativeText');
    expect(meta.hazards).toEqual(['none']);
  });

  it('images that all have alt text add the visual mode and the alternativeText feature', () => {
    const meta = deriveAccessibilityMetadata(facts(3, 0), claim);
    expect(meta.accessModes).toEqual(['textual', 'visual']);
    expect(meta.accessModeSufficient).toEqual(['textual', 'textual,visual']);
    expect(meta.features).toContain('alternativeText');
    expect(meta.conformsTo).toBe(CONFORMANCE_CLAIM);
    expect(meta.summary).toContain('All 3 images have alternative text.');
    expect(meta.summary).toContain('Footnotes');
  });

  it('one image without alt text withdraws alternativeText, text-only sufficiency and the claim', () => {
    const meta = deriveAccessibilityMetadata(facts(3, 1), claim);
    expect(meta.features).not.toContain('alternativeText');
    expect(meta.accessModeSufficient).toEqual(['textual,visual']);
    expect(meta.conformsTo).toBeNull();
    expect(meta.summary).toBeNull();
    expect(meta.certifiedBy).toBeNull();
  });

  it('makes no claim and no summary unless the checks passed', () => {
    const meta = deriveAccessibilityMetadata(facts(0, 0), { conforms: false, certifiedBy: 'Galley' });
    expect(meta.conformsTo).toBeNull();
    expect(meta.summary).toBeNull();
    expect(meta.features).toContain('tableOfContents');
  });
});
