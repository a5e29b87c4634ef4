import { ErrorCode } from '@galley/shared/errors';
import yauzl from 'yauzl';
import { ImportRejectedError } from './importErrors.ts';

/**
 * Limits a DOCX must stay within before mammoth (which unzips everything into memory) may open it.
 * A real manuscript has a few dozen entries; images are stored, not deflated further, and XML
 * compresses about 10:1, so a 20 MB upload is well under 100 MB unpacked.
 */
export interface DocxLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
  maxXmlBytes: number;
  maxEntryRatio: number;
  ratioCheckFromBytes: number;
}

export const DOCX_LIMITS: DocxLimits = {
  maxEntries: 2000,
  maxUncompressedBytes: 100 * 1024 * 1024,
  /**
   * mammoth holds the XML as objects, ~35× its size (see conversionThread.ts): 20 MB of XML is a book
   * of well over a million words, and fits the conversion thread's heap.
   */
  maxXmlBytes: 20 * 1024 * 1024,
  /**
   * Deflate reaches ~1000:1 on repeated bytes, which is what bombs are made of. Word's XML of real
   * prose compresses about 10:1, but generated documents (one sentence repeated: templates, tests)
   * pass 100:1, so the line is drawn well above that; the total above bounds memory either way.
   */
  maxEntryRatio: 500,
  /** Small entries may compress absurdly well (a run of spaces) without being a threat. */
  ratioCheckFromBytes: 1024 * 1024,
};

const MAIN_DOCUMENT = 'word/document.xml';
const CONTENT_TYPES = '[Content_Types].xml';

const notDocx = () =>
  new ImportRejectedError(ErrorCode.importNotDocx, 'The file is not a Word document (.docx).');
const corrupt = (why: string) =>
  new ImportRejectedError(ErrorCode.importCorrupt, `The Word document is damaged (${why}).`);
const bomb = (why: string) =>
  new ImportRejectedError(
    ErrorCode.importZipBomb,
    `The Word document unpacks to far more than it could hold (${why}); it was refused.`,
  );

const looksLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Checks that `bytes` is a DOCX that is safe to unzip: a zip whose directory is sane (entry count,
 * declared sizes and ratios within DOCX_LIMITS, no duplicate or encrypted entries) holding the main
 * document, and whose every entry really inflates to its declared size (yauzl checks that while we
 * count), so nothing mammoth later unzips can be bigger than what was checked here.
 */
export async function checkDocxZip(bytes: Buffer, limits: DocxLimits = DOCX_LIMITS): Promise<void> {
  if (!looksLikeZip(bytes)) throw notDocx();
  const zip = await openZip(bytes);
  try {
    const names = await walkEntries(zip, limits);
    if (!names.has(MAIN_DOCUMENT) || !names.has(CONTENT_TYPES)) throw notDocx();
  } finally {
    zip.close();
  }
}

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(corrupt('its table of contents cannot be read'));
      else resolve(zip);
    });
  });
}

function walkEntries(zip: yauzl.ZipFile, limits: DocxLimits): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const names = new Set<string>();
    let declaredTotal = 0;
    let declaredXml = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    zip.on('error', () => fail(corrupt('its table of contents is inconsistent')));
    zip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(names);
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      if (settled) return;
      declaredTotal += entry.uncompressedSize;
      if (/\.(xml|rels)$/i.test(entry.fileName)) declaredXml += entry.uncompressedSize;
      const problem = entryProblem(entry, names, { total: declaredTotal, xml: declaredXml }, limits);
      if (problem) return fail(problem);
      names.add(entry.fileName);
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      inflateAndCount(zip, entry).then(
        () => zip.readEntry(),
        (error: Error) => fail(error),
      );
    });
    zip.readEntry();
  });
}

/** What is wrong with an entry as the zip's directory declares it, before a byte of it is inflated. */
function entryProblem(
  entry: yauzl.Entry,
  seen: Set<string>,
  declared: { total: number; xml: number },
  limits: DocxLimits,
): Error | null {
  if (seen.size >= limits.maxEntries) return bomb(`more than ${limits.maxEntries} files`);
  if (seen.has(entry.fileName)) return corrupt(`"${entry.fileName.slice(0, 100)}" appears twice`);
  if (entry.isEncrypted()) return corrupt('it is encrypted');
  if (declared.total > limits.maxUncompressedBytes) {
    return bomb(`more than ${limits.maxUncompressedBytes / 1024 / 1024} MB unpacked`);
  }
  if (declared.xml > limits.maxXmlBytes) {
    return new ImportRejectedError(
      ErrorCode.importTooLarge,
      `The document's text is more than an import can take at once (${limits.maxXmlBytes / 1024 / 1024} MB of Word XML). Split it into parts.`,
    );
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize >= limits.ratioCheckFromBytes && ratio > limits.maxEntryRatio) {
    return bomb(`"${entry.fileName.slice(0, 100)}" is compressed ${Math.round(ratio)}:1`);
  }
  return null;
}

/** Inflates one entry, throwing away the bytes: yauzl fails the stream if they differ from the declared size. */
function inflateAndCount(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(corrupt(`"${entry.fileName.slice(0, 100)}" cannot be unpacked`));
      let seen = 0;
      stream.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        // yauzl stops at the declared size too; this is the belt to its braces.
        if (seen > entry.uncompressedSize) stream.destroy(new Error('longer than declared'));
      });
      stream.on('error', () => reject(corrupt(`"${entry.fileName.slice(0, 100)}" is damaged`)));
      stream.on('end', () => resolve());
    });
  });
}
