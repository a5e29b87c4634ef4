import { createHash } from 'node:crypto';
import { escapeAttr, escapeText } from '../xhtml/escape.ts';
import type { AccessibilityMetadata } from './accessibilityMetadata.ts';

export interface PackageMetadata {
  bookId: string;
  title: string;
  subtitle?: string | null | undefined;
  language: string;
  isbn?: string | null | undefined;
  contributors?: { name: string; role: string; sortName?: string | null | undefined }[] | undefined;
  publisher?: string | null | undefined;
  publicationDate?: string | null | undefined;
  description?: string | null | undefined;
  keywords?: string[] | undefined;
  subjects?: { bisac: string[]; thema: string[] } | undefined;
  rights?: string | null | undefined;
  licence?: string | null | undefined;
  series?: { name: string; number?: number | null | undefined } | null | undefined;
  modified: Date;
}

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

export interface SpineItem {
  idref: string;
  linear: boolean;
}

/** `urn:isbn:` when the book has an ISBN, else a UUID derived from the book id (stable across exports). */
export function publicationIdentifier(bookId: string, isbn: string | null | undefined): string {
  if (isbn) return `urn:isbn:${isbn}`;
  const hash = createHash('sha1').update(`galley:book:${bookId}`).digest();
  // RFC 4122 name-based UUID (version 5 layout) so the identifier is a well-formed urn:uuid.
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `dcterms:modified` wants CCYY-MM-DDThh:mm:ssZ exactly: no milliseconds. */
export function modifiedStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The EPUB 3 package document (OPF). */
export function renderPackageDocument(options: {
  metadata: PackageMetadata;
  accessibility: AccessibilityMetadata;
  manifest: ManifestItem[];
  spine: SpineItem[];
  coverImageId: string | null;
}): string {
  const { metadata, accessibility } = options;
  const lines = [
    ...identityLines(metadata),
    ...contributorLines(metadata),
    ...publicationLines(metadata),
    ...accessibilityLines(accessibility),
  ];
  // EPUB 2 reading systems (and some current ones) still find the cover this way.
  if (options.coverImageId) lines.push(`<meta name="cover" content="${options.coverImageId}"/>`);
  const manifest = options.manifest.map(
    (item) =>
      `<item id="${item.id}" href="${escapeAttr(item.href)}" media-type="${item.mediaType}"${item.properties ? ` properties="${item.properties}"` : ''}/>`,
  );
  const spine = options.spine.map((s) => `<itemref idref="${s.idref}"${s.linear ? '' : ' linear="no"'}/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="${escapeAttr(metadata.language)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${lines.join('\n')}
</metadata>
<manifest>
${manifest.join('\n')}
</manifest>
<spine>
${spine.join('\n')}
</spine>
</package>
`;
}

const el = (name: string, value: string, attrs = '') => `<${name}${attrs}>${escapeText(value)}</${name}>`;
const refine = (id: string, property: string, value: string, scheme?: string) =>
  `<meta refines="#${id}" property="${property}"${scheme ? ` scheme="${scheme}"` : ''}>${escapeText(value)}</meta>`;

function identityLines(m: PackageMetadata): string[] {
  const lines = [
    el('dc:identifier', publicationIdentifier(m.bookId, m.isbn), ' id="pub-id"'),
    el('dc:title', m.title, ' id="title"'),
    refine('title', 'title-type', 'main'),
  ];
  if (m.subtitle)
    lines.push(el('dc:title', m.subtitle, ' id="subtitle"'), refine('subtitle', 'title-type', 'subtitle'));
  lines.push(el('dc:language', m.language));
  lines.push(`<meta property="dcterms:modified">${modifiedStamp(m.modified)}</meta>`);
  if (m.series) {
    lines.push(`<meta property="belongs-to-collection" id="series">${escapeText(m.series.name)}</meta>`);
    lines.push(refine('series', 'collection-type', 'series'));
    if (typeof m.series.number === 'number')
      lines.push(refine('series', 'group-position', String(m.series.number)));
  }
  return lines;
}

/** Authors are creators; everyone else contributes. Each carries its MARC relator code as `role`. */
function contributorLines(m: PackageMetadata): string[] {
  const lines: string[] = [];
  (m.contributors ?? []).forEach((person, index) => {
    const id = `contributor-${index + 1}`;
    const tag = person.role === 'aut' ? 'dc:creator' : 'dc:contributor';
    lines.push(el(tag, person.name, ` id="${id}"`), refine(id, 'role', person.role, 'marc:relators'));
    if (person.sortName) lines.push(refine(id, 'file-as', person.sortName));
  });
  return lines;
}

function publicationLines(m: PackageMetadata): string[] {
  const lines: string[] = [];
  if (m.publisher) lines.push(el('dc:publisher', m.publisher));
  if (m.publicationDate) lines.push(el('dc:date', m.publicationDate));
  if (m.description) lines.push(el('dc:description', m.description));
  for (const keyword of m.keywords ?? []) lines.push(el('dc:subject', keyword));
  const coded = [
    ...(m.subjects?.bisac ?? []).map((code) => ({ code, authority: 'BISAC' })),
    ...(m.subjects?.thema ?? []).map((code) => ({ code, authority: 'THEMA' })),
  ];
  coded.forEach(({ code, authority }, index) => {
    const id = `subject-${index + 1}`;
    lines.push(
      el('dc:subject', code, ` id="${id}"`),
      refine(id, 'authority', authority),
      refine(id, 'term', code),
    );
  });
  const rights = [m.rights, m.licence ? `Licence: ${m.licence}` : null].filter(Boolean).join(' ');
  if (rights) lines.push(el('dc:rights', rights));
  return lines;
}

function accessibilityLines(a: AccessibilityMetadata): string[] {
  const meta = (property: string, value: string) =>
    `<meta property="${property}">${escapeText(value)}</meta>`;
  const lines = [
    ...a.accessModes.map((v) => meta('schema:accessMode', v)),
    ...a.accessModeSufficient.map((v) => meta('schema:accessModeSufficient', v)),
    ...a.features.map((v) => meta('schema:accessibilityFeature', v)),
    ...a.hazards.map((v) => meta('schema:accessibilityHazard', v)),
  ];
  if (a.summary) lines.push(meta('schema:accessibilitySummary', a.summary));
  if (a.conformsTo) lines.push(meta('dcterms:conformsTo', a.conformsTo));
  if (a.certifiedBy) lines.push(meta('a11y:certifiedBy', a.certifiedBy));
  return lines;
}
