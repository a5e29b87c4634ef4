import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@galley/shared/errors';
import { describe, expect, it } from 'vitest';
import { buildDocx, claimUncompressedSize, docxPartsFiles, heading, para, zipFiles } from './docxFixtures.ts';
import { checkDocxZip, DOCX_LIMITS, type DocxLimits } from './docxZipCheck.ts';

const parts = { body: [heading(1, 'One'), para('Text.')] };

async function refusal(
  bytes: Buffer,
  limits: DocxLimits = DOCX_LIMITS,
): Promise<{ code: string; status: number; details: unknown }> {
  try {
    await checkDocxZip(bytes, limits);
  } catch (error) {
    const { code, status, details } = error as { code: string; status: number; details: unknown };
    return { code, status, details };
  }
  throw new Error('the file was accepted');
}

describe('checkDocxZip: what may reach mammoth', () => {
  it('accepts a small real DOCX', async () => {
    await expect(checkDocxZip(await buildDocx(parts))).resolves.toBeUndefined();
  });

  it('refuses what is not a zip at all, naming the file as the field', async () => {
    expect(await refusal(Buffer.from('# Just markdown\n'))).toEqual({
      code: ErrorCode.importNotDocx,
      status: 422,
      details: { field: 'file' },
    });
  });

  it('refuses a zip without word/document.xml (an EPUB, a zipped folder)', async () => {
    const files = docxPartsFiles(parts);
    delete files['word/document.xml'];
    expect((await refusal(await zipFiles(files))).code).toBe(ErrorCode.importNotDocx);
  });

  it('calls a truncated file corrupt', async () => {
    const docx = await buildDocx(parts);
    expect((await refusal(docx.subarray(0, docx.length - 40))).code).toBe(ErrorCode.importCorrupt);
  });

  it('calls an entry whose compressed bytes are damaged corrupt', async () => {
    const files = docxPartsFiles(parts);
    const docx = await zipFiles({ 'word/document.xml': files['word/document.xml']!, ...files });
    const damaged = Buffer.from(docx);
    // The first entry's data starts after its 30-byte local header and its name.
    const dataAt = 30 + damaged.readUInt16LE(26) + damaged.readUInt16LE(28);
    for (let i = dataAt + 4; i < dataAt + 40; i++) damaged[i] = 0xff;
    expect((await refusal(damaged)).code).toBe(ErrorCode.importCorrupt);
  });

  it('refuses an entry that declares gigabytes, before inflating anything', async () => {
    const docx = claimUncompressedSize(await buildDocx(parts), 'word/document.xml', 0xf0000000);
    expect((await refusal(docx)).code).toBe(ErrorCode.importZipBomb);
  });

  it('refuses an entry that lies about its size (inflates to more than declared)', async () => {
    const docx = claimUncompressedSize(await buildDocx(parts), 'word/document.xml', 10);
    expect((await refusal(docx)).code).toBe(ErrorCode.importCorrupt);
  });

  it('refuses a compression ratio no Word file has (10 MB of one byte)', async () => {
    const files = { ...docxPartsFiles(parts), 'word/media/filler.bin': new Uint8Array(10 * 1024 * 1024) };
    const result = await refusal(await zipFiles(files));
    expect(result.code).toBe(ErrorCode.importZipBomb);
  });

  it('refuses more entries than a manuscript has', async () => {
    const files: Record<string, string | Uint8Array> = docxPartsFiles(parts);
    for (let i = 0; i < 20; i++) files[`word/x/${i}.xml`] = 'x';
    const docx = await zipFiles(files);
    await expect(checkDocxZip(docx, { ...DOCX_LIMITS, maxEntries: 40 })).resolves.toBeUndefined();
    expect((await refusal(docx, { ...DOCX_LIMITS, maxEntries: 20 })).code).toBe(ErrorCode.importZipBomb);
  });

  it('refuses a total unpacked size over the limit even when no entry compresses suspiciously', async () => {
    const files: Record<string, string | Uint8Array> = docxPartsFiles(parts);
    // Random bytes do not compress: each entry's ratio is about 1:1.
    for (let i = 0; i < 3; i++) files[`word/media/photo${i}.jpg`] = randomBytes(512 * 1024);
    const docx = await zipFiles(files);
    await expect(checkDocxZip(docx)).resolves.toBeUndefined();
    const limits = { ...DOCX_LIMITS, maxUncompressedBytes: 1024 * 1024 };
    expect((await refusal(docx, limits)).code).toBe(ErrorCode.importZipBomb);
  });

  it('refuses more Word XML than a conversion can hold as too large (not a bomb: an honest, huge file)', async () => {
    const docx = await buildDocx({ body: Array.from({ length: 200 }, (_, i) => para(`Paragraph ${i}.`)) });
    await expect(checkDocxZip(docx)).resolves.toBeUndefined();
    const result = await refusal(docx, { ...DOCX_LIMITS, maxXmlBytes: 8 * 1024 });
    expect(result).toEqual({ code: ErrorCode.importTooLarge, status: 422, details: { field: 'file' } });
  });
});
