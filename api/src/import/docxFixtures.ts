import yazl from 'yazl';

/**
 * Test kit: small but real DOCX files, written part by part the way Word lays them out (content types,
 * relationships, styles, numbering, footnotes, media), so the importer is tested against mammoth's
 * actual reading of a file rather than a hand-made document model.
 */
const NS = [
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
  'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"',
].join(' ');
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface RunStyle {
  b?: boolean;
  i?: boolean;
  u?: boolean;
  strike?: boolean;
}

export const run = (text: string, style: RunStyle = {}): string => {
  const props = [
    style.b ? '<w:b/>' : '',
    style.i ? '<w:i/>' : '',
    style.u ? '<w:u w:val="single"/>' : '',
    style.strike ? '<w:strike/>' : '',
  ].join('');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r>`;
};

/** A paragraph of runs (strings are plain runs); `style` is a paragraph style id such as Heading1. */
export const para = (
  content: string[] | string,
  options: { style?: string; list?: { numId: number; level: number } } = {},
) => {
  const runs = (Array.isArray(content) ? content : [run(content)]).join('');
  const props = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.list
      ? `<w:numPr><w:ilvl w:val="${options.list.level}"/><w:numId w:val="${options.list.numId}"/></w:numPr>`
      : '',
  ].join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs}</w:p>`;
};

export const heading = (level: number, text: string) => para(text, { style: `Heading${level}` });
export const footnoteRef = (id: number) => `<w:r><w:footnoteReference w:id="${id}"/></w:r>`;
export const hyperlink = (relId: string, text: string) =>
  `<w:hyperlink r:id="${relId}">${run(text)}</w:hyperlink>`;
export const image = (relId: string, alt: string | null) =>
  `<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="Picture"${alt === null ? '' : ` descr="${xmlEscape(alt)}"`}/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="${relId}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
export const table = (rows: string[][], options: { headerRow?: boolean } = {}) =>
  `<w:tbl>${rows
    .map(
      (cells, index) =>
        `<w:tr>${index === 0 && options.headerRow ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells
          .map((cell) => `<w:tc>${para(cell)}</w:tc>`)
          .join('')}</w:tr>`,
    )
    .join('')}</w:tbl>`;

export interface DocxParts {
  /** The inside of w:body, in order. */
  body: string[];
  /** Footnote texts by id (ids from 1). */
  footnotes?: Record<number, string>;
  /** Relationship id → image file (PNG or JPEG bytes, or anything for an unsupported image). */
  images?: Record<string, { bytes: Uint8Array; extension: string }>;
  /** Relationship id → external URL. */
  links?: Record<string, string>;
}

export function docxPartsFiles(parts: DocxParts): Record<string, string | Uint8Array> {
  const rels: string[] = [
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rIdNumbering" Type="${REL}/numbering" Target="numbering.xml"/>`,
    `<Relationship Id="rIdFootnotes" Type="${REL}/footnotes" Target="footnotes.xml"/>`,
  ];
  const files: Record<string, string | Uint8Array> = {};
  const extensions = new Set<string>();
  for (const [id, file] of Object.entries(parts.images ?? {})) {
    const target = `media/${id}.${file.extension}`;
    rels.push(`<Relationship Id="${id}" Type="${REL}/image" Target="${target}"/>`);
    files[`word/${target}`] = file.bytes;
    extensions.add(file.extension);
  }
  for (const [id, url] of Object.entries(parts.links ?? {})) {
    rels.push(
      `<Relationship Id="${id}" Type="${REL}/hyperlink" Target="${xmlEscape(url)}" TargetMode="External"/>`,
    );
  }
  const imageTypes = [...extensions]
    .map(
      (ext) =>
        `<Default Extension="${ext}" ContentType="${ext === 'png' ? 'image/png' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`}"/>`,
    )
    .join('');
  files['[Content_Types].xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${imageTypes}<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
  files['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`;
  files['word/_rels/document.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
  files['word/document.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NS}><w:body>${parts.body.join('')}</w:body></w:document>`;
  files['word/styles.xml'] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${NS}>${[
    1, 2, 3, 4, 5,
  ]
    .map(
      (level) =>
        `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/></w:style>`,
    )
    .join('')}</w:styles>`;
  files['word/numbering.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${NS}>` +
    `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
    `<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>` +
    `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;
  files['word/footnotes.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes ${NS}>${Object.entries(
      parts.footnotes ?? {},
    )
      .map(([id, text]) => `<w:footnote w:id="${id}">${para(text)}</w:footnote>`)
      .join('')}</w:footnotes>`;
  return files;
}

/** Zips files as Word does (deflated), in the given order. */
export function zipFiles(files: Record<string, string | Uint8Array>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const [path, data] of Object.entries(files)) {
    zip.addBuffer(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), path, { mtime });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export const buildDocx = (parts: DocxParts): Promise<Buffer> => zipFiles(docxPartsFiles(parts));

/**
 * Sets the uncompressed size the central directory declares for `name` (the file itself is unchanged):
 * how a zip bomb announces a size no check that trusts only the data would see coming.
 */
export function claimUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let at = out.indexOf(signature); at >= 0; at = out.indexOf(signature, at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      out.writeUInt32LE(size, at + 24);
      return out;
    }
  }
  throw new Error(`${name} is not in the zip`);
}
