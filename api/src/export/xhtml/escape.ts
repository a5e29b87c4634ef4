/**
 * Escaping for XHTML text and attribute values. Every string from a manuscript or the metadata goes
 * through one of these: EPUB content documents are XML, so one stray `&` or `<` makes the whole book
 * invalid. Characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/F) are dropped.
 */
/** Anything outside XML 1.0's plain ranges; astral characters match too and are kept by the scan. */
const NEEDS_SCAN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/;

function dropForbidden(value: string): string {
  if (!NEEDS_SCAN.test(value)) return value;
  let kept = '';
  // for…of walks code points: a valid surrogate pair arrives whole, a lone surrogate alone.
  for (const char of value) {
    const code = char.codePointAt(0)!;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (allowed) kept += char;
  }
  return kept;
}

export function escapeText(value: string): string {
  return dropForbidden(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/**
 * An id usable as an XML ID and a URL fragment: ASCII letters, digits, `-` and `_`, starting with a
 * letter. Authors' ids (headings, footnotes) and chapter ids all pass through it, and links to them
 * through the same function, so a link and its target always agree.
 */
export function safeId(raw: string, prefix = 'id'): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100);
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `${prefix}-${cleaned}`;
}
