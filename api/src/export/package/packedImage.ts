import { imageSize } from 'image-size';

/** Image formats every EPUB 3 reading system must show (core media types) that the exporter packs. */
const CORE_IMAGE_TYPES: Record<string, { ext: string; mediaType: string }> = {
  jpg: { ext: 'jpg', mediaType: 'image/jpeg' },
  png: { ext: 'png', mediaType: 'image/png' },
  gif: { ext: 'gif', mediaType: 'image/gif' },
};

export interface ImageFacts {
  ext: string;
  mediaType: string;
  width: number;
  height: number;
}

/**
 * Reads an image's format and size from its bytes (never from a stored content type or a file name).
 * Null for anything that is not a JPEG, PNG or GIF: SVG could carry scripts, and WebP is not a core
 * media type for the EPUBCheck version the project runs.
 */
export function inspectImage(bytes: Uint8Array): ImageFacts | null {
  try {
    const size = imageSize(bytes);
    const type = size.type ? CORE_IMAGE_TYPES[size.type] : undefined;
    if (!type || !size.width || !size.height) return null;
    return { ...type, width: size.width, height: size.height };
  } catch {
    return null;
  }
}
