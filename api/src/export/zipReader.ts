import yauzl from 'yauzl';

export interface ZipEntry {
  data: Buffer;
  /** False when stored (compression method 0), as `mimetype` must be. */
  compressed: boolean;
  /** Position in the archive, 0 = first. */
  index: number;
}

/** Reads every entry of a zip in memory (for tests and the benchmark: exports are checked, not trusted). */
export function readZip(bytes: Buffer): Promise<Map<string, ZipEntry>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, ZipEntry>();
      let index = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        const position = index++;
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, {
              data: Buffer.concat(chunks),
              compressed: entry.compressionMethod !== 0,
              index: position,
            });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
