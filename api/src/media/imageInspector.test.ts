import { MEDIA_MAX_BYTES } from '@galley/shared/api/media';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradientPng, SAMPLE_JPEG } from '../export/sampleImages.ts';
import { inspectImage, sniffImageType } from './imageInspector.ts';

const declared = (bytes: Uint8Array, contentType: 'image/png' | 'image/jpeg' = 'image/png') => ({
  kind: 'image' as const,
  contentType,
  bytes: bytes.length,
});

/** A PNG whose header claims `width`×`height` but whose data is a few bytes: what a bomb looks like. */
function pngClaiming(width: number, height: number): Uint8Array {
  const real = Buffer.from(gradientPng(1, 1));
  // IHDR data starts after the 8-byte signature, 4-byte length and 4-byte type.
  real.writeUInt32BE(width, 16);
  real.writeUInt32BE(height, 20);
  return real;
}

describe('inspectImage', () => {
  it('accepts a real PNG and a real JPEG with their dimensions', () => {
    const png = gradientPng(40, 30);
    expect(inspectImage(png, declared(png))).toEqual({
      ok: true,
      contentType: 'image/png',
      width: 40,
      height: 30,
    });
    expect(inspectImage(SAMPLE_JPEG, declared(SAMPLE_JPEG, 'image/jpeg'))).toEqual({
      ok: true,
      contentType: 'image/jpeg',
      width: 32,
      height: 24,
    });
  });

  it('refuses text, a type other than declared, a size other than declared', () => {
    const text = new TextEncoder().encode('hello, I am not a picture at all');
    expect(inspectImage(text, declared(text))).toMatchObject({ ok: false, reason: 'not_an_image' });
    expect(inspectImage(SAMPLE_JPEG, declared(SAMPLE_JPEG, 'image/png'))).toMatchObject({
      ok: false,
      reason: 'content_type_mismatch',
    });
    const png = gradientPng(4, 4);
    expect(inspectImage(png, { ...declared(png), bytes: png.length + 1 })).toMatchObject({
      ok: false,
      reason: 'size_mismatch',
    });
  });

  it('refuses a PNG signature with a broken header', () => {
    const broken = Buffer.from(gradientPng(4, 4)).subarray(0, 12);
    expect(inspectImage(broken, declared(broken))).toMatchObject({ ok: false, reason: 'not_an_image' });
  });

  it('refuses sides over 10,000 px, over 50 megapixels, and tiny files claiming millions of pixels', () => {
    const wide = pngClaiming(10_001, 10);
    expect(inspectImage(wide, declared(wide))).toMatchObject({
      ok: false,
      reason: 'dimensions_out_of_range',
    });
    const huge = pngClaiming(9000, 9000);
    expect(inspectImage(huge, declared(huge))).toMatchObject({
      ok: false,
      reason: 'dimensions_out_of_range',
    });
    const bomb = pngClaiming(6000, 6000);
    expect(inspectImage(bomb, declared(bomb))).toMatchObject({ ok: false, reason: 'decompression_bomb' });
  });

  it('refuses anything over the kind’s byte limit before looking inside', () => {
    const big = new Uint8Array(MEDIA_MAX_BYTES.image + 1);
    expect(inspectImage(big, declared(big))).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('never accepts bytes that do not start like a JPEG or PNG', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (bytes) => {
        const result = inspectImage(bytes, declared(bytes));
        if (sniffImageType(bytes) === null) expect(result.ok).toBe(false);
      }),
    );
  });
});
