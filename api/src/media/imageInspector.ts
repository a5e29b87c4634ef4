import {
  MEDIA_MAX_BYTES,
  MEDIA_MAX_PIXELS,
  MEDIA_MAX_SIDE_PX,
  type MediaContentType,
  type MediaKind,
  MediaRejection,
} from '@galley/shared/api/media';
import { imageSize } from 'image-size';

export interface DeclaredUpload {
  kind: MediaKind;
  contentType: MediaContentType;
  bytes: number;
}

export type Inspection =
  | { ok: true; contentType: MediaContentType; width: number; height: number }
  | { ok: false; reason: MediaRejection; message: string };

/**
 * Above one megapixel, more pixels per stored byte than this is a file built to explode when decoded:
 * deflate stops at about 1032:1, so even a flat 24-bit PNG stays near 350 pixels per byte, and only
 * near-empty 1-bit images come close to this.
 */
export const MAX_PIXELS_PER_BYTE = 5000;
const BOMB_CHECK_FROM_PIXELS = 1_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The type the first bytes prove, whatever the uploader said: only JPEG and PNG are accepted. */
export function sniffImageType(bytes: Uint8Array): MediaContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

const reject = (reason: MediaRejection, message: string): Inspection => ({ ok: false, reason, message });

/**
 * Checks an uploaded file against what was declared for it: really a JPEG or PNG (magic bytes, then
 * a header image-size can read), of the declared type and size, within the size limit, and of sane
 * dimensions. Reads headers only; nothing is decoded, so a bomb is caught before anyone opens it.
 */
export function inspectImage(bytes: Uint8Array, declared: DeclaredUpload): Inspection {
  const limit = MEDIA_MAX_BYTES[declared.kind];
  if (bytes.length > limit) return reject(MediaRejection.tooLarge, `The file is larger than ${limit} bytes.`);
  if (bytes.length !== declared.bytes) {
    return reject(
      MediaRejection.sizeMismatch,
      `The file is ${bytes.length} bytes, not the ${declared.bytes} declared.`,
    );
  }
  const sniffed = sniffImageType(bytes);
  if (!sniffed) return reject(MediaRejection.notAnImage, 'The file is not a JPEG or PNG image.');
  if (sniffed !== declared.contentType) {
    return reject(
      MediaRejection.typeMismatch,
      `The file is ${sniffed}, not the ${declared.contentType} declared.`,
    );
  }
  let width: number;
  let height: number;
  try {
    ({ width, height } = imageSize(bytes));
  } catch {
    return reject(MediaRejection.notAnImage, 'The image header cannot be read.');
  }
  if (!(width >= 1 && height >= 1 && width <= MEDIA_MAX_SIDE_PX && height <= MEDIA_MAX_SIDE_PX)) {
    return reject(
      MediaRejection.dimensionsOutOfRange,
      `The image is ${width}×${height} px; each side must be 1 to ${MEDIA_MAX_SIDE_PX} px.`,
    );
  }
  const pixels = width * height;
  if (pixels > MEDIA_MAX_PIXELS) {
    return reject(
      MediaRejection.dimensionsOutOfRange,
      `The image has ${pixels} pixels; at most ${MEDIA_MAX_PIXELS} are accepted.`,
    );
  }
  if (pixels > BOMB_CHECK_FROM_PIXELS && pixels / bytes.length > MAX_PIXELS_PER_BYTE) {
    return reject(
      MediaRejection.decompressionBomb,
      `${pixels} pixels in ${bytes.length} bytes: the file would expand far beyond its size when opened.`,
    );
  }
  return { ok: true, contentType: sniffed, width, height };
}
