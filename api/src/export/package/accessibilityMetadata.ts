/** What the content of a book is made of, counted while its chapters were rendered. */
export interface ContentFacts {
  /** Images in the text, plus the cover when there is one. */
  images: number;
  imagesWithoutAlt: number;
  tables: number;
  footnotes: number;
}

export interface AccessibilityMetadata {
  accessModes: string[];
  accessModeSufficient: string[];
  features: string[];
  hazards: string[];
  /** Present only when the export is claimed to conform (Ace found no critical or serious problem). */
  summary: string | null;
  conformsTo: string | null;
  certifiedBy: string | null;
}

export const CONFORMANCE_CLAIM = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

/**
 * Schema.org accessibility metadata derived from the content (never fixed text). Features follow
 * from what the exporter always produces (a navigable table of contents, headings, one reading
 * order, reflowable text styled in relative units, DPUB-ARIA roles, no DRM) and from what the book
 * holds: `alternativeText` only when there are images and every one has alt text; `textual` alone is
 * sufficient only when no image lacks alt text.
 */
export function deriveAccessibilityMetadata(
  facts: ContentFacts,
  claim: { conforms: boolean; certifiedBy: string },
): AccessibilityMetadata {
  const hasImages = facts.images > 0;
  const allAlt = facts.imagesWithoutAlt === 0;
  const accessModes = hasImages ? ['textual', 'visual'] : ['textual'];
  const accessModeSufficient = hasImages
    ? allAlt
      ? ['textual', 'textual,visual']
      : ['textual,visual']
    : ['textual'];
  const features = [
    'tableOfContents',
    'structuralNavigation',
    'readingOrder',
    'displayTransformability',
    'ARIA',
    'unlocked',
  ];
  if (hasImages && allAlt) features.push('alternativeText');
  const conforms = claim.conforms && allAlt;
  return {
    accessModes,
    accessModeSufficient,
    features,
    hazards: ['none'],
    summary: conforms ? summaryOf(facts) : null,
    conformsTo: conforms ? CONFORMANCE_CLAIM : null,
    certifiedBy: conforms ? claim.certifiedBy : null,
  };
}

function summaryOf(facts: ContentFacts): string {
  const parts = [
    'This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA as checked automatically with EPUBCheck and Ace by DAISY when it was exported.',
    'It has a table of contents, headings for every chapter and section, and a single logical reading order; the text reflows and can be restyled by the reader.',
  ];
  if (facts.images > 0) parts.push(`All ${facts.images} images have alternative text.`);
  if (facts.tables > 0) parts.push('Tables mark their header cells.');
  if (facts.footnotes > 0) parts.push('Footnotes are linked to and from the text.');
  parts.push('It contains no flashing content, motion simulation or sound.');
  return parts.join(' ');
}
