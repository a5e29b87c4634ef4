import yazl from 'yazl';

export interface EpubFile {
  /** Path inside the container. */
  path: string;
  data: string | Uint8Array;
}

/**
 * The OCF container: `mimetype` first and stored (not deflated) so a reader can recognise the file by
 * its first bytes, then META-INF/container.xml, then everything else deflated.
 */
export function zipEpub(files: EpubFile[], mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('application/epub+zip', 'ascii'), 'mimetype', { compress: false, mtime });
  zip.addBuffer(Buffer.from(CONTAINER_XML, 'utf8'), 'META-INF/container.xml', { mtime });
  for (const file of files) {
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data);
    // Images are already compressed; deflating them again costs time for nothing.
    const compress = typeof file.data === 'string';
    zip.addBuffer(data, file.path, { compress, mtime });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export const PACKAGE_PATH = 'EPUB/package.opf';

const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="${PACKAGE_PATH}" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`;
