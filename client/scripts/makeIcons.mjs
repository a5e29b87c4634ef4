// Renders the app icons (an open book on the brand colour) straight into PNG bytes with node's zlib,
// so the repository needs no image tool. Run: node client/scripts/makeIcons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BRAND = [31, 78, 121];
const PAGE = [250, 248, 242];
const INK = [120, 150, 185];
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(size, pixelAt) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixelAt(x / size, y / size);
      raw.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An open book drawn in unit coordinates, scaled by `inset` so maskable icons stay in the safe zone. */
function bookIcon({ inset, roundCorners }) {
  return (u, v) => {
    if (roundCorners) {
      const r = 0.18;
      const cx = Math.min(Math.max(u, r), 1 - r);
      const cy = Math.min(Math.max(v, r), 1 - r);
      if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return [0, 0, 0, 0];
    }
    const x = (u - 0.5) / inset + 0.5;
    const y = (v - 0.5) / inset + 0.5;
    const inPages = y > 0.28 && y < 0.74 && x > 0.18 && x < 0.82 && Math.abs(x - 0.5) > 0.015;
    // Pages droop a little towards the spine, like a real open book.
    const droop = 0.04 * (1 - Math.abs(x - 0.5) * 2);
    const onPage = inPages && y > 0.28 + droop;
    if (!onPage) return [...BRAND, 255];
    const line = Math.abs(x - 0.5) > 0.07 && Math.abs(x - 0.5) < 0.27;
    const lineRow = [0.4, 0.48, 0.56, 0.64].some((ly) => Math.abs(y - ly - droop) < 0.012);
    return line && lineRow ? [...INK, 255] : [...PAGE, 255];
  };
}

const icons = [
  ['icon-192.png', 192, bookIcon({ inset: 1, roundCorners: true })],
  ['icon-512.png', 512, bookIcon({ inset: 1, roundCorners: true })],
  // Maskable: full-bleed background, artwork inside the central 80% circle that launchers keep.
  ['icon-maskable-512.png', 512, bookIcon({ inset: 0.78, roundCorners: false })],
  ['apple-touch-icon-180.png', 180, bookIcon({ inset: 0.9, roundCorners: false })],
];
for (const [name, size, draw] of icons) {
  writeFileSync(join(outDir, name), encodePng(size, draw));
  console.log(`wrote ${name} (${size}x${size})`);
}
